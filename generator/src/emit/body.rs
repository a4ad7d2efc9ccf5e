//! The body of a generated file: its items, in order, for prettyplease to
//! format. Most are built as tokens and parsed once the file is complete;
//! the most numerous shapes (struct definitions and the runtime's macro
//! invocations, see [`super::syntax`]) are built as syntax trees directly,
//! which spares the parser the largest part of every file.

use proc_macro2::TokenStream;
use quote::ToTokens;

use super::features::gate_items;
use super::syntax;

/// One run of a file's items.
pub enum Chunk {
    /// Items as tokens, to be parsed (a file's first chunk may start with
    /// its inner attributes).
    Tokens(TokenStream),
    /// One item built as a syntax tree.
    Item(Box<syn::Item>),
}

/// A file body under construction.
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

    /// Appends one item built as a syntax tree.
    pub fn item(&mut self, item: syn::Item) {
        self.chunks.push(Chunk::Item(Box::new(item)));
    }

    /// Appends the items of `other`.
    pub fn append(&mut self, other: Body) {
        for chunk in other.chunks {
            match chunk {
                Chunk::Tokens(tokens) => self.tokens(tokens),
                Chunk::Item(item) => self.chunks.push(Chunk::Item(item)),
            }
        }
    }

    /// The same items, each with `cfg` (an outer attribute as tokens, or
    /// nothing) in front of its other attributes.
    pub fn gated(self, cfg: &TokenStream) -> Body {
        if cfg.is_empty() {
            return self;
        }
        let attribute = syntax::outer_attribute(cfg);
        let mut gated = Body::default();
        for chunk in self.chunks {
            match chunk {
                Chunk::Tokens(tokens) => gated.tokens(gate_items(tokens, cfg)),
                Chunk::Item(mut item) => match (&attribute, syntax::attributes_mut(&mut item)) {
                    (Some(attribute), Some(attrs)) => {
                        attrs.insert(0, attribute.clone());
                        gated.chunks.push(Chunk::Item(item));
                    }
                    // Not a shape built here, or not one attribute: gated as
                    // tokens, which the parser reads back.
                    _ => gated.tokens(gate_items(item.into_token_stream(), cfg)),
                },
            }
        }
        gated
    }

    /// The runs of items, in order.
    pub fn into_chunks(self) -> Vec<Chunk> {
        self.chunks
    }

    /// All the items as one token stream (the syntax trees printed back as
    /// tokens), for tests that read what a file holds.
    #[cfg(test)]
    pub fn to_tokens(&self) -> TokenStream {
        let mut out = TokenStream::new();
        for chunk in &self.chunks {
            match chunk {
                Chunk::Tokens(tokens) => out.extend(tokens.clone()),
                Chunk::Item(item) => item.to_tokens(&mut out),
            }
        }
        out
    }
}

impl std::fmt::Debug for Chunk {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Chunk::Tokens(tokens) => f.debug_tuple("Tokens").field(tokens).finish(),
            Chunk::Item(item) => f
                .debug_tuple("Item")
                .field(&item.to_token_stream())
                .finish(),
        }
    }
}

impl From<TokenStream> for Body {
    fn from(tokens: TokenStream) -> Self {
        let mut body = Body::default();
        body.tokens(tokens);
        body
    }
}

#[cfg(test)]
mod tests {
    use quote::quote;

    use super::*;

    /// Every item is gated, whether it is built as tokens, as a syntax tree
    /// of a shape built here, or of another shape; and in order.
    #[test]
    fn gating_reaches_every_item_in_order() {
        let mut body = Body::from(quote!(impl A {} pub struct B {}));
        body.item(syntax::runtime_macro("object", quote!(B {})));
        body.item(
            syn::parse2(quote!(
                fn c() {}
            ))
            .unwrap(),
        );
        body.tokens(quote!(
            pub type D = B;
        ));
        let gated = body.gated(&quote!(#[cfg(feature = "g")]));
        let file: syn::File = syn::parse2(gated.to_tokens()).unwrap();
        let printed: Vec<String> = file
            .items
            .iter()
            .map(|item| item.to_token_stream().to_string())
            .collect();
        assert_eq!(
            printed,
            [
                "# [cfg (feature = \"g\")] impl A { }",
                "# [cfg (feature = \"g\")] pub struct B { }",
                "# [cfg (feature = \"g\")] rt :: __private :: object ! (B { }) ;",
                "# [cfg (feature = \"g\")] fn c () { }",
                "# [cfg (feature = \"g\")] pub type D = B ;",
            ]
        );
    }

    #[test]
    fn runs_of_tokens_are_joined() {
        let mut body = Body::from(quote!(
            struct A;
        ));
        body.tokens(TokenStream::new());
        body.tokens(quote!(
            struct B;
        ));
        body.item(syntax::runtime_macro("m", TokenStream::new()));
        let mut other = Body::from(quote!(
            struct C;
        ));
        other.tokens(quote!(
            struct D;
        ));
        body.append(other);
        let chunks = body.into_chunks();
        assert_eq!(chunks.len(), 3);
        assert!(matches!(&chunks[2], Chunk::Tokens(t) if t.to_string() == "struct C ; struct D ;"));
    }
}
