//! A table of one locale's texts (a struct of `&'static str` fields, one value per locale) that can
//! travel in the page's first HTML as a JSON list, so a wasm bundle carries the one locale it
//! shows instead of all seven compiled in.
//!
//! `text_table!` wraps the struct's definition: the struct stays as written, and it gains
//! `texts()` (every text, in field order: what the server embeds) and `from_texts()` (the struct
//! again from such a list: what the SPA reads). The field order is written once, in the struct.

/// A text read from the page, kept for the rest of the page's life (a text table is read once per
/// page load, so this is a bounded, one-time allocation, not a leak that grows).
pub fn keep(text: String) -> &'static str {
    Box::leak(text.into_boxed_str())
}

/// Defines a text table: the struct as written, with `texts()` and `from_texts()`.
#[macro_export]
macro_rules! text_table {
    (
        $(#[$meta:meta])*
        pub struct $name:ident {
            $(
                $(#[$field_meta:meta])*
                pub $field:ident: &'static str,
            )*
        }
    ) => {
        $(#[$meta])*
        pub struct $name {
            $(
                $(#[$field_meta])*
                pub $field: &'static str,
            )*
        }

        impl $name {
            /// Every text, in the order of the struct's fields.
            pub fn texts(&self) -> Vec<&'static str> {
                vec![$(self.$field),*]
            }

            /// The table from `texts()`'s list; `None` unless the list has exactly one text per
            /// field. The texts are kept for the rest of the page's life.
            pub fn from_texts(texts: Vec<String>) -> Option<Self> {
                let mut texts = texts.into_iter();
                let table = $name {
                    $($field: $crate::text_table::keep(texts.next()?),)*
                };
                texts.next().is_none().then_some(table)
            }
        }
    };
}

#[cfg(test)]
mod tests {
    crate::text_table! {
        /// Two texts.
        #[derive(Debug, PartialEq)]
        pub struct Pair {
            /// The first.
            pub first: &'static str,
            /// The second.
            pub second: &'static str,
        }
    }

    #[test]
    fn a_table_comes_back_from_its_list_field_by_field() {
        let pair = Pair {
            first: "ett",
            second: "två",
        };
        assert_eq!(pair.texts(), vec!["ett", "två"]);
        let list = pair.texts().into_iter().map(String::from).collect();
        assert_eq!(Pair::from_texts(list), Some(pair));
    }

    #[test]
    fn a_list_with_a_text_too_few_or_too_many_is_not_a_table() {
        let list = |n: usize| (0..n).map(|i| i.to_string()).collect::<Vec<_>>();
        assert_eq!(Pair::from_texts(list(1)), None);
        assert_eq!(Pair::from_texts(list(3)), None);
        assert!(Pair::from_texts(list(2)).is_some());
    }
}
