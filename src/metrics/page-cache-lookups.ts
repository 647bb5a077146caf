// Counts the page cache's hits and misses from outside it: a lookup that calls its render
// function missed, one that does not was served from memory. Wrapping `get` keeps the cache
// itself free of metrics, whatever else changes inside it.
import type { PageCache } from '../http/web/page-cache.ts';

export function countPageCacheLookups<C extends PageCache>(cache: C, onLookup: (hit: boolean) => void): C {
  const lookUp = cache.get.bind(cache);
  cache.get = async (key, render, options) => {
    let rendered = false;
    const page = await lookUp(
      key,
      () => {
        rendered = true;
        return render();
      },
      options,
    );
    onLookup(!rendered);
    return page;
  };
  return cache;
}
