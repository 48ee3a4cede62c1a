/** Errors from the recording (console plugin, Sentry breadcrumbs) and from separate error logs. */
export { ErrorCollector, errorFromConsoleArgs } from './collector';
export { loadErrorsFile, parseErrorsText, attachErrors, findErrorSiblings, ATTACH_SLACK_MS } from './file';
export { dedupeErrors, parseErrorMessage, splitStack } from './message';
export { parseStack, parseStackLine } from './stack';
