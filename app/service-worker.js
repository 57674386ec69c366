/* global self, caches, __PRECACHE__ -- a service worker's globals; __PRECACHE__ is replaced by the build */
// The field app's service worker (sw.js, made from this file by vite.config.mts).
// The app's own files are served from the cache first, so it opens at a border
// crossing with no network once visited; a new build (new VERSION) replaces them.
// API requests are never touched: the app queues its actions itself, and a
// stale answer must never pass for a live one.
const VERSION = '__VERSION__';
const CACHE = `field-app-${VERSION}`;
const PRECACHE = __PRECACHE__;
const BASE = '/app/';

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => cache.addAll(PRECACHE))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) =>
        Promise.all(keys.filter((k) => k.startsWith('field-app-') && k !== CACHE).map((k) => caches.delete(k))),
      )
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('fetch', (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== 'GET' || url.origin !== self.location.origin || !url.pathname.startsWith(BASE)) return;
  // Every page of the app is the one page (routes live in the URL's hash).
  const lookup = event.request.mode === 'navigate' ? BASE : event.request;
  event.respondWith(
    caches
      .open(CACHE)
      .then((cache) => cache.match(lookup, { ignoreSearch: true }).then((hit) => hit || fetch(event.request))),
  );
});
