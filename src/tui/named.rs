//! Enums named in data files: each variant has the name the configuration
//! and `assets/keys.toml` write, and a language-file key built from it.

/// `named_enum! { Action, "action.", description_key; Quit = "quit", … }`
/// makes `Action` with `ALL`, `name()`, `from_name()` and
/// `description_key()` (`"action.quit"`).
macro_rules! named_enum {
    ($enum:ident, $prefix:literal, $words:ident; $($variant:ident = $name:literal,)*) => {
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $enum {
            $($variant,)*
        }

        impl $enum {
            pub const ALL: &'static [$enum] = &[$($enum::$variant,)*];

            /// The name the configuration and the key table use.
            pub fn name(self) -> &'static str {
                match self {
                    $($enum::$variant => $name,)*
                }
            }

            /// The one of this name, if any.
            pub fn from_name(name: &str) -> Option<$enum> {
                $enum::ALL.iter().copied().find(|v| v.name() == name)
            }

            /// Its language-file key.
            pub fn $words(self) -> &'static str {
                match self {
                    $($enum::$variant => concat!($prefix, $name),)*
                }
            }
        }
    };
}
pub(crate) use named_enum;
