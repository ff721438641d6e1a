// The text foundation of the core: bytes to text and string helpers (./strings), a document as lines and positions
// with its byte order mark (./document), and text edits (./edits). Paths live in core/paths, dates in core/dates.
export * from './document';
export * from './edits';
export * from './strings';

// Paths moved to core/paths; these two stay reachable here for code written before the move (other branches in
// flight import them from core/text). New code imports them from core/paths.
