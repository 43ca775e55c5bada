const BASE = 'http://www.opengis.net/spec/cql2/1.0/conf/'

/**
 * The CQL2 conformance classes OneMap declares: exactly those whose OGC ATS rows
 * (testdata/ogc-cql2-ats/expected_counts.tsv) all pass as published, on PostGIS and on PGlite, in
 * CQL2 Text and CQL2 JSON (test/cql2-ats.test.ts runs every row). Not declared:
 * - accent-insensitive-comparison: ACCENTI works and 8 of its 11 rows pass; the other 3 rows have
 *   published counts that contradict the test data (opengeospatial/ogcapi-features#1011), and OneMap
 *   returns the counts the data gives;
 * - array-functions: OneMap layers have no array-valued properties;
 * - functions: no custom functions are offered.
 */
export const CQL2_CONFORMANCE_CLASSES: string[] = [
  'cql2-text',
  'cql2-json',
  'basic-cql2',
  'advanced-comparison-operators',
  'case-insensitive-comparison',
  'basic-spatial-functions',
  'basic-spatial-functions-plus',
  'spatial-functions',
  'temporal-functions',
  'property-property',
  'arithmetic',
].map((name) => BASE + name)
