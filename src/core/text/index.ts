// The text foundation of the core: bytes to text and string helpers (./strings), a document as lines and positions
// with its byte order mark (./document), and text edits (./edits). Paths live in core/paths, dates in core/dates.
export * from './document';
export * from './edits';
export * from './strings';
