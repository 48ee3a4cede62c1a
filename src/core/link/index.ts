/** Element → source, stack frame → source map → source, and which sources a struggle gets. */
export { ElementIndex, INDEXED_EXTENSIONS } from './elementIndex';
export type { ElementIndexOptions, ElementIndexProgress, ElementSourceLink, FindOptions } from './elementIndex';
export { SourceMapResolver, DEFAULT_OUT_FILES } from './sourceMaps';
export type { MappedLocation, SourceMapResolverOptions } from './sourceMaps';
export { DEFAULT_SOURCE_MAP_PATH_OVERRIDES, SourceMapPathOverrides } from './overrides';
export { RouteTable, findRouteFile } from './routes';
export type { RouteLink } from './routes';
export { linkSession, linkStruggle, elementOf, ancestorsFromSelector } from './linkSession';
export type { LinkContext, LinkSessionOptions } from './linkSession';
export { scanSource, fileKindOf } from './scanMarkup';
export type { ScannedTag, ScanResult, SourceLanguage } from './scanMarkup';
