pub mod meeus;
