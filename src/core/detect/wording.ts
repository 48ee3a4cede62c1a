/** The words of struggle summaries: durations and page paths. */

/** 1.4 s, 0.2 s, 12 s. */
export function seconds(ms: number): string {
  const s = ms / 1000;
  if (s >= 10) return `${Math.round(s)} s`;
  return `${(Math.round(s * 10) / 10).toFixed(1)} s`;
}

/** The path (and query) of a URL for summaries; the URL itself when it does not parse. */
export function pathOf(url: string): string {
  if (!url) return 'the page';
  try {
    const parsed = new URL(url);
    return `${parsed.pathname}${parsed.search}` || url;
  } catch {
    return url;
  }
}
