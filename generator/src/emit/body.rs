//! The body of a generated file: its items as one token stream, for
//! prettyplease to format.

use proc_macro2::TokenStream;

/// A file body under construction.
#[derive(Debug, Default)]
pub struct Body {
    tokens: TokenStream,
}

impl Body {
    /// Appends items.
    pub fn tokens(&mut self, tokens: TokenStream) {
        self.tokens.extend(tokens);
    }

    /// The items, in order.
    pub fn into_tokens(self) -> TokenStream {
        self.tokens
    }
}

impl From<TokenStream> for Body {
    fn from(tokens: TokenStream) -> Self {
        Body { tokens }
    }
}
