//! What an unknown result waits for: a sorted set of missing facts and parameters, shared
//! (not copied) as it travels up criteria trees. Known results carry the empty set, which
//! costs nothing.

use crate::value::MissingRef;
use std::rc::Rc;

#[derive(Clone, Debug, Default)]
pub(crate) struct Missing(Option<Rc<[MissingRef]>>);

impl Missing {
    pub fn new() -> Missing {
        Missing(None)
    }

    pub fn one(m: MissingRef) -> Missing {
        Missing(Some(Rc::from([m])))
    }

    pub fn from_refs(mut refs: Vec<MissingRef>) -> Missing {
        if refs.is_empty() {
            return Missing(None);
        }
        refs.sort_unstable();
        refs.dedup();
        Missing(Some(Rc::from(refs)))
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_none()
    }

    pub fn iter(&self) -> std::slice::Iter<'_, MissingRef> {
        self.0.as_deref().unwrap_or(&[]).iter()
    }

    /// The union of several sets; shares the one set when only one is not empty.
    pub fn union<'m>(sets: impl IntoIterator<Item = &'m Missing>) -> Missing {
        let mut first: Option<&Missing> = None;
        let mut all: Vec<MissingRef> = Vec::new();
        for set in sets {
            if set.is_empty() {
                continue;
            }
            match first {
                None => first = Some(set),
                Some(f) => {
                    if all.is_empty() {
                        all.extend(f.iter().copied());
                    }
                    all.extend(set.iter().copied());
                }
            }
        }
        match first {
            None => Missing::new(),
            Some(f) if all.is_empty() => f.clone(),
            Some(_) => Missing::from_refs(all),
        }
    }
}
