//! The allocator: mimalloc, and on Linux blocks of [`BIG`] bytes or more mapped straight from
//! the system.
//!
//! A big report is held in a few long lists (its sections, indicator groups, the claims on
//! its text) that grow as the parse reads; some are trimmed when it is done. mimalloc usually
//! grows or shrinks a block by copying it into a new one (it keeps a block in place only when
//! the new size still fits it and wastes less than half), so for a moment the old list and
//! the new one are both in memory: a list of 130 MB took 230 MB as it grew. A block mapped on
//! its own is grown and shrunk with `mremap`, which moves its pages instead of copying them,
//! and a shrink gives the cut-off pages back at once; its spare room takes no memory until it
//! is written. This is what the C library's own allocator does with blocks above its mapping
//! threshold.

#[cfg(target_os = "linux")]
use mimalloc::MiMalloc;
#[cfg(target_os = "linux")]
use std::alloc::{GlobalAlloc, Layout};

/// Off Linux, mimalloc alone.
#[cfg(not(target_os = "linux"))]
pub use mimalloc::MiMalloc as Allocator;

/// The smallest block that is mapped on its own: far above what a report of ordinary size
/// asks for in one block, so that small reports and batches never make a system call for it.
#[cfg(target_os = "linux")]
pub const BIG: usize = 4 << 20;

/// mimalloc, with blocks of [`BIG`] bytes or more (and an alignment a page gives) mapped from
/// the system on Linux. Which of the two a block comes from follows from its layout alone, so
/// `dealloc` and `realloc` (which get the layout the block was made with) always hand it back
/// to the one it came from.
#[cfg(target_os = "linux")]
pub struct Allocator;

#[cfg(target_os = "linux")]
fn is_big(layout: Layout) -> bool {
    // mmap gives page-aligned memory; pages are at least 4 KiB.
    layout.size() >= BIG && layout.align() <= 4096
}

#[cfg(target_os = "linux")]
mod system {
    /// `len` bytes of new, zeroed memory, or null.
    pub unsafe fn map(len: usize) -> *mut u8 {
        // SAFETY: an anonymous private mapping at an address the kernel picks.
        let p = unsafe {
            libc::mmap(
                std::ptr::null_mut(),
                len,
                libc::PROT_READ | libc::PROT_WRITE,
                libc::MAP_PRIVATE | libc::MAP_ANONYMOUS,
                -1,
                0,
            )
        };
        if p == libc::MAP_FAILED {
            std::ptr::null_mut()
        } else {
            p.cast()
        }
    }

    /// Unmaps the `len` bytes at `p`, which [`map`] or [`remap`] gave.
    pub unsafe fn unmap(p: *mut u8, len: usize) {
        // SAFETY: the caller's block, of that length (the kernel rounds it to pages as it did
        // when mapping). A failure can only leave the pages mapped.
        unsafe { libc::munmap(p.cast(), len) };
    }

    /// The block of `old` bytes at `p` grown or shrunk to `new` bytes, moved if need be, or
    /// null (and the block as it was).
    pub unsafe fn remap(p: *mut u8, old: usize, new: usize) -> *mut u8 {
        // SAFETY: the caller's block, of that length; MAYMOVE lets the kernel move its pages.
        let q = unsafe { libc::mremap(p.cast(), old, new, libc::MREMAP_MAYMOVE) };
        if q == libc::MAP_FAILED {
            std::ptr::null_mut()
        } else {
            q.cast()
        }
    }
}

// SAFETY: every block is made, resized and freed by the same one of mimalloc or the system's
// mappings, chosen by `is_big` of its layout; mappings are page-aligned, which `is_big`
// requires of the layout, and zeroed, as `alloc_zeroed` needs.
#[cfg(target_os = "linux")]
unsafe impl GlobalAlloc for Allocator {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if is_big(layout) {
            unsafe { system::map(layout.size()) }
        } else {
            unsafe { MiMalloc.alloc(layout) }
        }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        if is_big(layout) {
            unsafe { system::map(layout.size()) }
        } else {
            unsafe { MiMalloc.alloc_zeroed(layout) }
        }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        if is_big(layout) {
            unsafe { system::unmap(ptr, layout.size()) }
        } else {
            unsafe { MiMalloc.dealloc(ptr, layout) }
        }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: the caller guarantees that `new_size`, rounded up to the alignment, does not
        // overflow `isize`.
        let new_layout = unsafe { Layout::from_size_align_unchecked(new_size, layout.align()) };
        match (is_big(layout), is_big(new_layout)) {
            (false, false) => unsafe { MiMalloc.realloc(ptr, layout, new_size) },
            (true, true) => unsafe { system::remap(ptr, layout.size(), new_size) },
            // From one to the other: a new block, the bytes copied, the old block freed.
            _ => {
                let new = unsafe { self.alloc(new_layout) };
                if !new.is_null() {
                    let len = layout.size().min(new_size);
                    // SAFETY: both blocks hold at least `len` bytes and are distinct.
                    unsafe {
                        std::ptr::copy_nonoverlapping(ptr, new, len);
                        self.dealloc(ptr, layout);
                    }
                }
                new
            }
        }
    }
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    use super::*;

    /// A block of `len` bytes of `align`, made by [`Allocator`], filled with a pattern.
    unsafe fn filled(len: usize, align: usize) -> (*mut u8, Layout) {
        let layout = Layout::from_size_align(len, align).expect("a layout");
        let p = unsafe { Allocator.alloc(layout) };
        assert!(!p.is_null());
        assert_eq!(p as usize % align, 0);
        for i in 0..len {
            unsafe { *p.add(i) = i as u8 };
        }
        (p, layout)
    }

    fn holds_pattern(p: *const u8, len: usize) -> bool {
        (0..len).all(|i| unsafe { *p.add(i) } == i as u8)
    }

    #[test]
    fn ok_blocks_keep_their_bytes_across_every_resize() {
        // Small to small, small to big, big to big (up and down), big to small.
        let sizes = [1000, 3000, BIG + 1, 3 * BIG + 7, BIG, 100, 0x10];
        for align in [1, 8, 64, 4096] {
            let (mut p, mut layout) = unsafe { filled(sizes[0], align) };
            for &new in &sizes[1..] {
                let keep = layout.size().min(new);
                p = unsafe { Allocator.realloc(p, layout, new) };
                assert!(!p.is_null());
                assert_eq!(p as usize % align, 0, "{new} bytes at {align}");
                assert!(
                    holds_pattern(p, keep),
                    "{} → {new} at {align}",
                    layout.size()
                );
                layout = Layout::from_size_align(new, align).expect("a layout");
                for i in keep..new {
                    unsafe { *p.add(i) = i as u8 };
                }
            }
            unsafe { Allocator.dealloc(p, layout) };
        }
    }

    #[test]
    fn ok_big_zeroed_blocks_are_zero_and_big_alignments_stay_with_mimalloc() {
        let layout = Layout::from_size_align(BIG * 2, 8).expect("a layout");
        let p = unsafe { Allocator.alloc_zeroed(layout) };
        assert!(!p.is_null());
        assert!((0..layout.size())
            .step_by(4093)
            .all(|i| unsafe { *p.add(i) } == 0));
        unsafe { Allocator.dealloc(p, layout) };
        assert!(is_big(layout));
        assert!(!is_big(
            Layout::from_size_align(BIG * 2, 8192).expect("a layout")
        ));
        assert!(!is_big(
            Layout::from_size_align(BIG - 1, 8).expect("a layout")
        ));
    }
}
