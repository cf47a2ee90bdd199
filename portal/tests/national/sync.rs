//! The outbound sync against the stand-in national portal.
