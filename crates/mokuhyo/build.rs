//! Release builds on Linux compress the binary's debug sections (zlib, as the linker writes
//! them): the release profile keeps line tables so that a panic's backtrace names files and
//! lines, and compressed they take a third of the room. The standard library's backtrace
//! code reads compressed sections, as do gdb, addr2line and perf. Debug builds are left as
//! they are: they are linked often and never shipped.

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    let release = std::env::var("PROFILE").is_ok_and(|p| p == "release");
    let linux = std::env::var("CARGO_CFG_TARGET_OS").is_ok_and(|os| os == "linux");
    if release && linux {
        println!("cargo:rustc-link-arg-bins=-Wl,--compress-debug-sections=zlib");
    }
}
