/** OGC API Features Part 1 (Core) conformance classes this API implements. */
const PART1 = ['core', 'geojson', 'html', 'oas30'].map((c) => `http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/${c}`)

/** Part 2: coordinate reference systems by reference. */
const PART2 = ['http://www.opengis.net/spec/ogcapi-features-2/1.0/conf/crs']

/** Part 3: queryables (also as query parameters, ?DLBM=0101) and the filter parameters. */
const PART3 = ['queryables', 'queryables-query-parameters', 'filter', 'features-filter'].map((c) => `http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/${c}`)

/**
 * Every conformance class declared at /ogc/conformance. The CQL2 classes come from server/cql2,
 * which lists exactly those whose abstract-test cases all pass.
 */
export function conformanceClasses(cql2Classes: readonly string[]): string[] {
  return [...PART1, ...PART2, ...PART3, ...cql2Classes]
}
