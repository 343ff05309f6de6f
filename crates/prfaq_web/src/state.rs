//! The state every handler shares: the store, the settings, the templates, and a cache
//! of checked and rendered revisions.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use prfaq_store::{DocumentId, Store};

use crate::checker::{self, Checked};
use crate::config::WebConfig;
use crate::templates::Templates;

/// Shared application state; cheap to clone.
#[derive(Clone)]
pub struct AppState {
    inner: Arc<Inner>,
}

struct Inner {
    store: Arc<dyn Store>,
    config: WebConfig,
    templates: Templates,
    cache: Mutex<RenderCache>,
    /// Sign-ups take turns, so that two people signing up at once on an empty database
    /// cannot both become the first account.
    signup: tokio::sync::Mutex<()>,
}

impl AppState {
    /// Builds the state over an open store.
    pub fn new(store: Arc<dyn Store>, config: WebConfig) -> anyhow::Result<Self> {
        let templates = Templates::new(&crate::assets::version())?;
        Ok(AppState {
            inner: Arc::new(Inner {
                store,
                config,
                templates,
                cache: Mutex::new(RenderCache::default()),
                signup: tokio::sync::Mutex::new(()),
            }),
        })
    }

    /// The store.
    pub fn store(&self) -> &dyn Store {
        self.inner.store.as_ref()
    }

    /// The settings.
    pub fn config(&self) -> &WebConfig {
        &self.inner.config
    }

    pub(crate) fn templates(&self) -> &Templates {
        &self.inner.templates
    }

    pub(crate) fn signup_lock(&self) -> &tokio::sync::Mutex<()> {
        &self.inner.signup
    }

    /// The rendered HTML and findings of a revision the caller has already been allowed
    /// to read. Revisions never change, so a (document, number) pair is a safe key.
    pub(crate) fn rendered(&self, doc: DocumentId, number: i64, body: &str) -> Arc<Rendered> {
        if let Some(hit) = self.cached(doc, number) {
            return hit;
        }
        let rendered = Arc::new(Rendered::of(body));
        if let Ok(mut cache) = self.inner.cache.lock() {
            cache.insert((doc, number), body.len(), rendered.clone());
        }
        rendered
    }

    /// The cached rendering of a revision, if there is one.
    pub(crate) fn cached(&self, doc: DocumentId, number: i64) -> Option<Arc<Rendered>> {
        self.inner
            .cache
            .lock()
            .ok()
            .and_then(|cache| cache.map.get(&(doc, number)).cloned())
    }
}

/// A revision as the pages show it.
pub(crate) struct Rendered {
    pub html: String,
    pub checked: Checked,
}

impl Rendered {
    pub fn of(body: &str) -> Self {
        Rendered {
            html: crate::markdown::render(body),
            checked: checker::check("document.md", body),
        }
    }
}

/// Renderings by (document, revision), bounded by the total size of their texts. When
/// full it starts over, which is crude but cannot grow without bound.
#[derive(Default)]
struct RenderCache {
    map: HashMap<(DocumentId, i64), Arc<Rendered>>,
    bytes: usize,
}

const CACHE_BYTES: usize = 32 * 1024 * 1024;

impl RenderCache {
    fn insert(&mut self, key: (DocumentId, i64), size: usize, value: Arc<Rendered>) {
        if self.bytes + size > CACHE_BYTES {
            self.map.clear();
            self.bytes = 0;
        }
        if self.map.insert(key, value).is_none() {
            self.bytes += size;
        }
    }
}
