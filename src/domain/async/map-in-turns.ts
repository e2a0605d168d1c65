/**
 * Runs `work` over `items` with at most `limit` at once; answers in item order. For reads that must
 * not all start together (a `$batch` per chunk, a delegated read per review) yet should not go one
 * after another either.
 */
export async function mapInTurns<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const lanes = Array.from({ length: Math.min(Math.max(1, limit), items.length) }, async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]!);
    }
  });
  await Promise.all(lanes);
  return results;
}
