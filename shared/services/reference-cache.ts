import { ReferenceCatalog } from '../domain/reference.ts';
import type { ReferenceStore } from '../store/reference-store.ts';

/**
 * Reference data changes rarely (an administrator's edit), so each process keeps a catalog for a
 * minute instead of reading it on every request.
 */
export function cachedCatalog(
  store: ReferenceStore,
  ttlMs = 60_000,
  now = () => Date.now(),
): () => Promise<ReferenceCatalog> {
  let cached: { at: number; catalog: Promise<ReferenceCatalog> } | undefined;
  return () => {
    if (!cached || now() - cached.at > ttlMs) {
      const catalog = store.load().then((data) => new ReferenceCatalog(data));
      catalog.catch(() => {
        cached = undefined;
      });
      cached = { at: now(), catalog };
    }
    return cached.catalog;
  };
}
