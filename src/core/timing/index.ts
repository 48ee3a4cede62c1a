/** Load metrics from every source in formats.md → "Timing and network data". */
export { TimingCollector, SOURCE_PRIORITY, type TimingCollectorOptions } from './collector';
export { loadHar, parseHar, applyHar, harRequests, harDocumentMetrics, findHarSiblings, type HarEntry, type HarPageInfo, type HarTimings } from './har';
export { inferPageTimings, type InferredTiming, type LoadMarks } from './infer';
export { epochMs, anyTimestampMs, parseIsoTimestamp, normalizeUrl } from './util';
