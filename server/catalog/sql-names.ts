/** Quote an identifier for SQL. Only names taken from the catalog ever get here. */
export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`
}

/** The table holding a layer's features: data."<layer id>". */
export function layerTable(layerId: string): string {
  return `data.${quoteIdent(layerId)}`
}
