//! What an unknown result waits for: a sorted set of missing facts and parameters, shared
//! (not copied) as it travels up criteria trees. Known results carry the empty set, and a
//! leaf waiting for one fact holds it inline: neither allocates.

use crate::value::MissingRef;
use std::borrow::Borrow;
use std::rc::Rc;

#[derive(Clone, Debug, Default)]
pub(crate) enum Missing {
    #[default]
    Nothing,
    One(MissingRef),
    /// Two or more, sorted, without repeats.
    Many(Rc<[MissingRef]>),
}

impl Missing {
    pub fn new() -> Missing {
        Missing::Nothing
    }

    pub fn one(m: MissingRef) -> Missing {
        Missing::One(m)
    }

    pub fn from_refs(mut refs: Vec<MissingRef>) -> Missing {
        refs.sort_unstable();
        refs.dedup();
        match refs.as_slice() {
            [] => Missing::Nothing,
            [m] => Missing::One(*m),
            _ => Missing::Many(Rc::from(refs)),
        }
    }

    pub fn is_empty(&self) -> bool {
        matches!(self, Missing::Nothing)
    }

    fn as_slice(&self) -> &[MissingRef] {
        match self {
            Missing::Nothing => &[],
            Missing::One(m) => std::slice::from_ref(m),
            Missing::Many(all) => all,
        }
    }

    pub fn iter(&self) -> std::slice::Iter<'_, MissingRef> {
        self.as_slice().iter()
    }

    /// The union of several sets; shares the one set when only one is not empty (or all
    /// that are not empty are the same one).
    pub fn union<M: Borrow<Missing>>(sets: impl IntoIterator<Item = M>) -> Missing {
        let mut first: Option<M> = None;
        let mut all: Vec<MissingRef> = Vec::new();
        for set in sets {
            if set.borrow().is_empty() {
                continue;
            }
            match &first {
                None => first = Some(set),
                Some(f) => {
                    if all.is_empty() {
                        all.extend(f.borrow().iter().copied());
                    }
                    all.extend(set.borrow().iter().copied());
                }
            }
        }
        match first {
            None => Missing::new(),
            Some(f) if all.is_empty() => f.borrow().clone(),
            Some(_) => Missing::from_refs(all),
        }
    }
}
