/** Errors from the recording (console plugin, Sentry breadcrumbs) and from separate error logs. */
export { ErrorCollector, errorFromConsoleArgs } from './collector';
export { attributeErrors, DEFAULT_ATTACH_SLACK_MS, type Attribution, type AttributionSession, type ErrorSource } from './attribute';
export { loadErrorsFile, parseErrorsText, findErrorSiblings } from './file';
export { dedupeErrors, parseErrorMessage, splitStack } from './message';
export { parseStack, parseStackLine } from './stack';
export { ATTACH_SLACK_SETTING, takeErrorSettings, type ErrorSettings } from './settings';
