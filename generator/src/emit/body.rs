//! The body of a generated file: a run of chunks, each either tokens for
//! prettyplease to format or items the generator wrote in prettyplease's
//! layout itself (see `text.rs` and its users).

use proc_macro2::TokenStream;

/// One run of top-level items.
#[derive(Debug)]
pub enum Chunk {
    /// Items to parse and format.
    Tokens(TokenStream),
    /// Items already formatted in prettyplease's layout, ending with a
    /// newline.
    Formatted(String),
}

/// A file body under construction; adjacent token items share a chunk, so
/// that a file without formatted items is formatted in one piece.
#[derive(Debug, Default)]
pub struct Body {
    chunks: Vec<Chunk>,
}

impl Body {
    /// Appends items as tokens.
    pub fn tokens(&mut self, tokens: TokenStream) {
        if tokens.is_empty() {
            return;
        }
        match self.chunks.last_mut() {
            Some(Chunk::Tokens(last)) => last.extend(tokens),
            _ => self.chunks.push(Chunk::Tokens(tokens)),
        }
    }

    /// Appends items already formatted.
    pub fn formatted(&mut self, text: String) {
        self.chunks.push(Chunk::Formatted(text));
    }

    /// Appends the items `text` writes when `preformat` is on and it does
    /// not decline, and the tokens of `tokens` otherwise.
    pub fn text_or_tokens(
        &mut self,
        preformat: bool,
        text: impl FnOnce() -> Option<String>,
        tokens: impl FnOnce() -> TokenStream,
    ) {
        match preformat.then(text).flatten() {
            Some(text) => self.formatted(text),
            None => self.tokens(tokens()),
        }
    }

    /// The chunks, in order.
    pub fn into_chunks(self) -> Vec<Chunk> {
        self.chunks
    }
}

impl From<TokenStream> for Body {
    fn from(tokens: TokenStream) -> Self {
        let mut body = Body::default();
        body.tokens(tokens);
        body
    }
}
