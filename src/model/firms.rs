//! Firms as a struct of arrays: one column per property, firm ids are `u32`
//! positions. Firms are kept grouped by zone (the engine restores this order
//! at the end of every step), so a block of consecutive firms never spans two
//! zones and per-block reductions need only per-sector accumulators.
//!
//! Columns fall in two groups: the firm's state (carried from step to step)
//! and this step's flows (revenue, costs, decisions), overwritten each step.

/// Bit flags in [`Firms::flags`].
pub mod flag {
    pub const EXPORTER: u8 = 1;
    pub const OVERSEAS: u8 = 2;
    pub const LEADER: u8 = 4;
    pub const GAZELLE: u8 = 8;
    pub const UNICORN: u8 = 16;
    /// Decided to exit this step.
    pub const EXIT: u8 = 32;
    /// Opened a subsidised overseas base this step (grant to be paid).
    pub const GRANT: u8 = 64;
}

/// Ownership of a firm.
pub mod owner {
    pub const DOMESTIC: u8 = 0;
    pub const FOREIGN: u8 = 1;
    /// Relocated from the coast (沿海产业转移).
    pub const COASTAL: u8 = 2;
}

pub const NO_ZONE: u16 = u16::MAX;

macro_rules! soa {
    ($(#[$sm:meta])* pub struct $name:ident / $row:ident / $view:ident {
        $( $(#[$m:meta])* $f:ident : $t:ty ),* $(,)?
    } scratch {
        $( $(#[$sm2:meta])* $g:ident : $u:ty ),* $(,)?
    }) => {
        $(#[$sm])*
        #[derive(Debug, Clone, Default)]
        pub struct $name { $( $(#[$m])* pub $f: Vec<$t>, )* $( $(#[$sm2])* pub $g: Vec<$u>, )* }

        /// One firm's values of every column.
        #[derive(Debug, Clone, Copy, Default, PartialEq)]
        pub struct $row { $( pub $f: $t, )* $( pub $g: $u, )* }

        /// Mutable slices of every column over a range of firms.
        pub struct $view<'a> { $( pub $f: &'a mut [$t], )* $( pub $g: &'a mut [$u], )* }

        impl $name {
            /// Bytes of state per row, summed over the columns.
            pub const BYTES_PER_ROW: usize = 0 $( + std::mem::size_of::<$t>() )* $( + std::mem::size_of::<$u>() )*;

            /// Splits every column into consecutive pieces of `lens` firms
            /// (which must add up to the number of firms).
            pub fn split_mut(&mut self, lens: &[usize]) -> Vec<$view<'_>> {
                $( let mut $f = split_column(&mut self.$f, lens).into_iter(); )*
                $( let mut $g = split_column(&mut self.$g, lens).into_iter(); )*
                lens.iter()
                    .map(|_| $view {
                        $( $f: $f.next().expect("one piece per length"), )*
                        $( $g: $g.next().expect("one piece per length"), )*
                    })
                    .collect()
            }
            /// Moves every row of `other` to the end of `self`.
            pub fn append(&mut self, other: &mut Self) {
                $( self.$f.append(&mut other.$f); )*
                $( self.$g.append(&mut other.$g); )*
            }
            pub fn push(&mut self, r: $row) {
                $( self.$f.push(r.$f); )*
                $( self.$g.push(r.$g); )*
            }
            /// Rows `order[0], order[1], …` of `self` into `out` (whose
            /// columns are reused, so no memory is allocated once they are
            /// large enough), the columns copied in parallel. Scratch
            /// columns are only sized: they keep whatever `out` held (in
            /// debug builds they are poisoned, so a phase that reads one
            /// before writing it fails the accounting check or panics).
            pub fn gather_into(&self, order: &[u32], out: &mut Self) {
                // `order` is mostly long runs of consecutive rows (exits,
                // entries and relocations break them), so each column is a
                // few thousand copies; the columns are spread over threads.
                let runs = &consecutive_runs(order);
                rayon::scope(|scope| {
                    $(
                        let (col, dst) = (&self.$f, &mut out.$f);
                        scope.spawn(move |_| gather_runs(col, runs, dst));
                    )*
                });
                $( resize_scratch(&mut out.$g, order.len()); )*
            }
            /// Bytes of memory held by the columns.
            pub fn heap_bytes(&self) -> usize {
                0 $( + self.$f.capacity() * std::mem::size_of::<$t>() )* $( + self.$g.capacity() * std::mem::size_of::<$u>() )*
            }
        }
    };
}

/// A column of counts or indices as atomics, for parallel tasks that update
/// entries they may share (a firm's head count) or that are disjoint in ways
/// the borrow checker cannot see (the workers each pool hires). Integer
/// updates commute, so the result does not depend on the threads. This is
/// the standard library's unstable `AtomicU32::from_mut_slice`.
pub(crate) fn as_atomic(col: &mut [u32]) -> &[std::sync::atomic::AtomicU32] {
    use std::sync::atomic::AtomicU32;
    const { assert!(std::mem::align_of::<AtomicU32>() == std::mem::align_of::<u32>()) };
    // SAFETY: AtomicU32 has the same size and bit validity as u32 and, as
    // asserted, the same alignment; the exclusive borrow guarantees that
    // nothing else reads or writes the column while the view lives.
    unsafe { &*(col as *mut [u32] as *const [AtomicU32]) }
}

/// The maximal runs of consecutive rows in `order`, as (first row, length).
fn consecutive_runs(order: &[u32]) -> Vec<(usize, usize)> {
    let mut runs: Vec<(usize, usize)> = Vec::new();
    for &i in order {
        match runs.last_mut() {
            Some((first, len)) if *first + *len == i as usize => *len += 1,
            _ => runs.push((i as usize, 1)),
        }
    }
    runs
}

fn gather_runs<T: Copy>(col: &[T], runs: &[(usize, usize)], out: &mut Vec<T>) {
    out.clear();
    for &(first, len) in runs {
        out.extend_from_slice(&col[first..first + len]);
    }
}

/// A scratch column's value in debug builds between compaction and the
/// phase that writes it: NaN, or an index far out of range.
trait Poison: Copy + Default {
    const POISON: Self;
}
impl Poison for f32 {
    const POISON: f32 = f32::NAN;
}
impl Poison for u16 {
    const POISON: u16 = u16::MAX - 1;
}
impl<T: Poison> Poison for [T; 3]
where
    [T; 3]: Default,
{
    const POISON: [T; 3] = [T::POISON; 3];
}
impl Poison for u32 {
    const POISON: u32 = u32::MAX;
}

fn resize_scratch<T: Poison>(col: &mut Vec<T>, n: usize) {
    if cfg!(debug_assertions) {
        col.clear();
        col.resize(n, T::POISON);
    } else {
        col.resize(n, T::default());
    }
}

fn split_column<'a, T>(mut col: &'a mut [T], lens: &[usize]) -> Vec<&'a mut [T]> {
    let mut out = Vec::with_capacity(lens.len());
    for &n in lens {
        let (head, tail) = col.split_at_mut(n);
        out.push(head);
        col = tail;
    }
    out
}

soa! {
    /// All firms of a replicate.
    pub struct Firms / FirmRow / FirmsMut {
        // --- state ---
        /// Unique id, kept for the firm's life (positions change every step).
        id: u32,
        zone: u16,
        sector: u8,
        owner: u8,
        flags: u8,
        /// Consecutive quarters with a loss.
        loss_streak: u8,
        /// Consecutive years of gazelle growth.
        gazelle_streak: u8,
        /// Age in quarters.
        age: u16,
        /// Zone a firm moved from under a cooperation agreement (NO_ZONE if none).
        home: u16,
        /// Employees by skill.
        emp: [u32; 3],
        /// Capital, ¥ million.
        capital: f32,
        /// Log productivity.
        prod: f32,
        /// Log demand shifter (customer base).
        demand: f32,
        /// R&D knowledge stock, ¥ million.
        knowledge: f32,
        /// Share of linked inputs bought locally.
        local_share: f32,
        /// Pollution per unit of revenue relative to the sector's intensity.
        clean: f32,
        /// Revenue so far this calendar year and in the last complete year.
        rev_year: f32,
        rev_last_year: f32,
        /// Revenue growth of the last complete year.
        growth: f32,
        // --- this step's flows read after compaction (by observation, the
        // snapshots and the accounting check) ---
        revenue: f32,
        value_added: f32,
        /// Profit after everything.
        profit: f32,
        /// Purchases from linked sectors, and the part bought in the zone.
        linked: f32,
        local: f32,
    } scratch {
        // --- this step's flows used only within the step: every phase
        // writes them for every firm before any phase reads them, so
        // compaction does not carry them over (see `gather_into`) ---
        /// Profit before penalties, subsidies and tax.
        op_profit: f32,
        taxes: f32,
        exports: f32,
        overseas_sales: f32,
        rd: f32,
        pollution: f32,
        /// Subsidies claimed this step (R&D, upgrade).
        rd_claim: f32,
        upgrade_claim: f32,
        /// Capital spent on an upgrade this step.
        upgrade_spend: f32,
        /// Desired employees by skill this step.
        vacancies: [u32; 3],
        /// Chance each employee is laid off this step.
        layoff: [f32; 3],
        /// Zone the firm decided to move to (NO_ZONE: stay).
        move_to: u16,
    }
}

impl Firms {
    pub fn len(&self) -> usize {
        self.zone.len()
    }
    pub fn is_empty(&self) -> bool {
        self.zone.is_empty()
    }
    pub fn has(&self, i: usize, f: u8) -> bool {
        self.flags[i] & f != 0
    }
    pub fn employees(&self, i: usize) -> u32 {
        self.emp[i].iter().sum()
    }
}

/// Workers as a struct of arrays. A slot whose skill is [`EMPTY`] is free
/// (its worker retired or left all zones) and is reused, lowest index first,
/// by the next arrival.
#[derive(Debug, Clone, Default)]
pub struct Workers {
    pub skill: Vec<u8>,
    pub zone: Vec<u16>,
    /// Employer firm id, or [`UNEMPLOYED`].
    pub employer: Vec<u32>,
    /// When the worker came to the current zone, as the step whose
    /// migration pass first sees a tenure of 0 quarters, plus
    /// [`ENTERED_OFFSET`]: tenure is then [`tenure_at`] of this and the step,
    /// so no pass writes it for workers who stay.
    pub entered: Vec<u16>,
}

/// Added to the step in [`Workers::entered`], so that initial workers, who
/// came up to 255 quarters before step 1, fit an unsigned column.
pub const ENTERED_OFFSET: u32 = 255;

/// Quarters in the current zone (at most 255) at the migration pass of step
/// `s`, for a worker whose [`Workers::entered`] is `entered`.
#[inline]
pub fn tenure_at(entered: u16, s: u32) -> u32 {
    (s + ENTERED_OFFSET - u32::from(entered)).min(255)
}

/// [`Workers::entered`] of a worker whose tenure is 0 at the pass of step
/// `s` (arrivals and followers of step `s - 1`).
#[inline]
pub fn entered_at(s: u32) -> u16 {
    u16::try_from(s + ENTERED_OFFSET).expect("steps are at most 10,000")
}

/// Mutable slices of every worker column over a range of slots.
pub struct WorkersMut<'a> {
    pub skill: &'a mut [u8],
    pub zone: &'a mut [u16],
    pub employer: &'a mut [u32],
    pub entered: &'a mut [u16],
}

pub const EMPTY: u8 = u8::MAX;
pub const UNEMPLOYED: u32 = u32::MAX;

impl Workers {
    /// Moves every worker of `other` to the end of `self`.
    pub fn append(&mut self, mut other: Workers) {
        self.skill.append(&mut other.skill);
        self.zone.append(&mut other.zone);
        self.employer.append(&mut other.employer);
        self.entered.append(&mut other.entered);
    }

    /// Sets the number of slots to `n`, keeping the first ones (new slots
    /// are empty).
    pub fn resize(&mut self, n: usize) {
        self.skill.resize(n, EMPTY);
        self.zone.resize(n, 0);
        self.employer.resize(n, UNEMPLOYED);
        self.entered.resize(n, 0);
    }

    /// Every column in blocks of `size` slots, as a parallel iterator of
    /// (block index, the block's columns).
    pub fn par_blocks_mut(&mut self, size: usize) -> impl rayon::iter::IndexedParallelIterator<Item = (usize, WorkersMut<'_>)> {
        use rayon::prelude::*;
        self.skill
            .par_chunks_mut(size)
            .zip(self.zone.par_chunks_mut(size))
            .zip(self.employer.par_chunks_mut(size))
            .zip(self.entered.par_chunks_mut(size))
            .enumerate()
            .map(|(bi, (((skill, zone), employer), entered))| {
                (
                    bi,
                    WorkersMut {
                        skill,
                        zone,
                        employer,
                        entered,
                    },
                )
            })
    }

    /// Splits every column into consecutive pieces of `lens` slots (which
    /// must add up to the number of slots).
    pub fn split_mut(&mut self, lens: &[usize]) -> Vec<WorkersMut<'_>> {
        let mut skill = split_column(&mut self.skill, lens).into_iter();
        let mut zone = split_column(&mut self.zone, lens).into_iter();
        let mut employer = split_column(&mut self.employer, lens).into_iter();
        let mut entered = split_column(&mut self.entered, lens).into_iter();
        lens.iter()
            .map(|_| WorkersMut {
                skill: skill.next().expect("one piece per length"),
                zone: zone.next().expect("one piece per length"),
                employer: employer.next().expect("one piece per length"),
                entered: entered.next().expect("one piece per length"),
            })
            .collect()
    }

    /// Bytes of state per worker slot (skill, zone, employer, entered).
    pub const BYTES_PER_WORKER: usize = 1 + 2 + 4 + 2;
    pub fn len(&self) -> usize {
        self.skill.len()
    }
    pub fn is_empty(&self) -> bool {
        self.skill.is_empty()
    }
    pub fn heap_bytes(&self) -> usize {
        self.skill.capacity() + self.zone.capacity() * 2 + self.employer.capacity() * 4 + self.entered.capacity() * 2
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::Ordering::Relaxed;

    use rayon::prelude::*;

    use super::as_atomic;

    #[test]
    fn atomic_view_adds_through_to_the_column_from_many_tasks() {
        let mut col = vec![5u32; 1000];
        let view = as_atomic(&mut col);
        (0..40_000u32).into_par_iter().for_each(|i| {
            view[(i % 1000) as usize].fetch_add(2, Relaxed);
            view[((i + 7) % 1000) as usize].fetch_sub(1, Relaxed);
        });
        assert!(col.iter().all(|&x| x == 5 + 40), "{:?}", &col[..4]);
    }
}
