//! The program's allocator: mimalloc, asked through its plain entry points.
//!
//! Checking allocates many short-lived strings (words, phrases, findings) on every core;
//! mimalloc's thread-local free lists serve them faster than the system allocator. The
//! `mimalloc` crate's own wrapper sends every request through mimalloc's aligned entry
//! points, which weigh the alignment again on each call. Nearly every request here asks
//! for at most 8 bytes of alignment, which `mi_malloc` always gives (its smallest block
//! is 8 bytes, and every block is a multiple of 8 from an aligned start): those take the
//! plain path, about 20 instructions fewer each, and the rare wider alignment keeps the
//! aligned one. A check of a 1,570-word document makes about 1,100 requests
//! (docs/benchmarks.md, "Issue 17, tenth series").
//!
//! The benchmark examples of the other crates include this file, so that they measure
//! the allocator the program runs on.

use std::alloc::{GlobalAlloc, Layout};
use std::ffi::c_void;

use libmimalloc_sys as mi;

/// The alignment `mi_malloc` gives every block.
const PLAIN_ALIGN: usize = 8;

/// mimalloc as the global allocator (`#[global_allocator]`).
pub struct Mimalloc;

// SAFETY: every block comes from mimalloc and goes back to it; a block is aligned as
// asked: at most `PLAIN_ALIGN` by the plain calls, which always give that, wider by the
// aligned calls, which give what is asked.
unsafe impl GlobalAlloc for Mimalloc {
    #[inline]
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: mimalloc's allocation functions accept any size and alignment.
        unsafe {
            if layout.align() <= PLAIN_ALIGN {
                mi::mi_malloc(layout.size()).cast()
            } else {
                mi::mi_malloc_aligned(layout.size(), layout.align()).cast()
            }
        }
    }

    #[inline]
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: as for `alloc`.
        unsafe {
            if layout.align() <= PLAIN_ALIGN {
                mi::mi_zalloc(layout.size()).cast()
            } else {
                mi::mi_zalloc_aligned(layout.size(), layout.align()).cast()
            }
        }
    }

    #[inline]
    unsafe fn dealloc(&self, ptr: *mut u8, _layout: Layout) {
        // SAFETY: `ptr` came from this allocator, so from mimalloc.
        unsafe { mi::mi_free(ptr.cast::<c_void>()) }
    }

    #[inline]
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: `ptr` came from this allocator with `layout`; the new block keeps its
        // alignment.
        unsafe {
            if layout.align() <= PLAIN_ALIGN {
                mi::mi_realloc(ptr.cast::<c_void>(), new_size).cast()
            } else {
                mi::mi_realloc_aligned(ptr.cast::<c_void>(), new_size, layout.align()).cast()
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Blocks of every small size and of alignments up to a page come back aligned as
    /// asked, keep their contents when grown, and zeroed ones are zero.
    #[test]
    fn blocks_are_aligned_as_asked() {
        let a = Mimalloc;
        for align in [1, 2, 4, 8, 16, 32, 64, 4096] {
            for size in (1..=130).chain([1000, 5000, 70_000]) {
                let layout = Layout::from_size_align(size, align).unwrap();
                // SAFETY: the layout's size is not zero; each block is freed once, with
                // its layout.
                unsafe {
                    let p = a.alloc(layout);
                    assert!(!p.is_null());
                    assert_eq!(p as usize % align, 0, "size {size}, align {align}");
                    p.write_bytes(0xA5, size);
                    let grown = a.realloc(p, layout, size * 3);
                    assert_eq!(grown as usize % align, 0, "grown {size}, align {align}");
                    assert!((0..size).all(|i| *grown.add(i) == 0xA5));
                    a.dealloc(grown, Layout::from_size_align(size * 3, align).unwrap());
                    let z = a.alloc_zeroed(layout);
                    assert_eq!(z as usize % align, 0);
                    assert!((0..size).all(|i| *z.add(i) == 0));
                    a.dealloc(z, layout);
                }
            }
        }
    }
}
