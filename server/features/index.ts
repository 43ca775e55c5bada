/**
 * Reusable feature queries: given a catalog layer and parsed options, build the SQL (one small
 * function per clause, values as $n parameters) and stream the result with bounded memory.
 * Used by OGC API Features (server/ogc) and by filtered exports.
 */
export * from './feature-query.types.js'
export * from './feature-params.js'
export * from './feature-query.js'
export * from './feature-select.js'
export * from './feature-where.js'
export * from './feature-stream.js'
export * from './filter-condition.js'
export * from './sql-values.js'
