//! Summed score rows of the template groups that outlive a transition (`features::Group`), so
//! that the decoder probes the hash table only for the features that changed.
//!
//! Each group's sum is kept under a key that names what its templates read: b0's position for
//! the buffer, b0 and its leftmost child for the buffer with its children, the stack top for
//! the stack (a word is pushed once, and what lies below it stays put while it is on the stack),
//! the stack top and its rightmost child for the stack with its children (the top gains children
//! only on the right, from RIGHT-ARC; the item below gains none while covered). Scores are
//! integer sums, so adding a kept sum gives exactly the scores of probing every template again.

use super::features::Group;
use super::transition::{State, NONE};

/// No key yet.
const UNSET: u32 = u32::MAX;

pub(crate) struct GroupScores {
    classes: usize,
    buffer: Vec<i32>,
    /// The b0 position `buffer` was summed for.
    buffer_key: u32,
    buffer_tree: Vec<i32>,
    /// b0 and its leftmost child when `buffer_tree` was summed: b0's children only ever grow
    /// leftwards, so a new child is a new leftmost one.
    buffer_tree_key: (u32, u32),
    /// One row of `classes` scores per stack top (node), with whether it has been summed.
    stack: Vec<i32>,
    stack_done: Vec<bool>,
    /// One row per stack top, with the top's rightmost child when it was summed.
    top_right: Vec<i32>,
    top_right_key: Vec<u32>,
}

/// The stacked groups' key: the top node and its rightmost child.
fn stack_top(state: &State) -> (usize, u32) {
    let top = state.stack(0).unwrap_or(NONE) as usize;
    (top, state.rc1[top])
}

fn buffer_tree_key(state: &State) -> (u32, u32) {
    let b0 = state.b0;
    (b0, state.lc1.get(b0 as usize).copied().unwrap_or(NONE))
}

impl GroupScores {
    /// Room for a sentence of `words` words and a model of `classes` classes.
    pub(crate) fn new(words: usize, classes: usize) -> GroupScores {
        let nodes = words + 1;
        GroupScores {
            classes,
            buffer: vec![0; classes],
            buffer_key: UNSET,
            buffer_tree: vec![0; classes],
            buffer_tree_key: (UNSET, UNSET),
            stack: vec![0; nodes * classes],
            stack_done: vec![false; nodes],
            top_right: vec![0; nodes * classes],
            top_right_key: vec![UNSET; nodes],
        }
    }

    /// Whether `group`'s kept sum is out of date in `state` (always, for `Mixed`).
    pub(crate) fn stale(&self, group: Group, state: &State) -> bool {
        let (top, right) = stack_top(state);
        match group {
            Group::Buffer => self.buffer_key != state.b0,
            Group::BufferTree => self.buffer_tree_key != buffer_tree_key(state),
            Group::Stack => !self.stack_done[top],
            Group::TopRight => self.top_right_key[top] != right,
            Group::Mixed => true,
        }
    }

    /// The zeroed row to sum `group`'s weights into for `state`, from now on its kept sum.
    pub(crate) fn refresh(&mut self, group: Group, state: &State) -> &mut [i32] {
        let (top, right) = stack_top(state);
        let row = match group {
            Group::Buffer => {
                self.buffer_key = state.b0;
                &mut self.buffer[..]
            }
            Group::BufferTree => {
                self.buffer_tree_key = buffer_tree_key(state);
                &mut self.buffer_tree[..]
            }
            Group::Stack => {
                self.stack_done[top] = true;
                &mut self.stack[top * self.classes..(top + 1) * self.classes]
            }
            Group::TopRight => {
                self.top_right_key[top] = right;
                &mut self.top_right[top * self.classes..(top + 1) * self.classes]
            }
            Group::Mixed => unreachable!("mixed features are never kept"),
        };
        row.fill(0);
        row
    }

    /// `scores` set to the sum of the kept groups, which must all be up to date for `state`.
    pub(crate) fn sum(&self, state: &State, scores: &mut [i32]) {
        let (top, _) = stack_top(state);
        let row = top * self.classes..(top + 1) * self.classes;
        let (stack, top_right) = (&self.stack[row.clone()], &self.top_right[row]);
        let kept = self
            .buffer
            .iter()
            .zip(&self.buffer_tree)
            .zip(stack)
            .zip(top_right);
        for (s, (((a, b), c), d)) in scores.iter_mut().zip(kept) {
            *s = a + b + c + d;
        }
    }
}
