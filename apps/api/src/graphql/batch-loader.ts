import DataLoader from 'dataloader';

/**
 * The request's DataLoader: a batch is sent once every load of the current wave is queued (`setImmediate`, after
 * all promise jobs and ticks have run), not at the first tick after the first load. Resolvers reach their loads
 * through chains of awaits of different lengths; with DataLoader's default schedule a page could split one kind of
 * row into two or three statements depending on timing, so the number of statements of a page varied from run to
 * run. One wave, one statement per kind.
 */
export class BatchLoader<K, V, C = K> extends DataLoader<K, V, C> {
  constructor(batch: DataLoader.BatchLoadFn<K, V>, options: DataLoader.Options<K, V, C> = {}) {
    super(batch, { batchScheduleFn: (callback) => setImmediate(callback), ...options });
  }
}
