-- Tile occupancy of one layer (read by tile-occupancy.ts; {table} is the quoted layer table).
-- $1 cell width in EPSG:3857 metres at the index zoom, $2 margin in metres.
-- A cell is "occupied" when some feature's bounding box meets the cell grown by the margin: the
-- same `geom_3857 && tile envelope` test the tile statement starts from, so a cell that is not
-- occupied can hold no feature of any tile inside it. Cells are numbered x * 65536 + y (XYZ, y from
-- the north; index zooms are at most 16), returned as one sorted bytea of big-endian int8 values.

-- name: extents
-- Sums over the features' bounding boxes, from which tile-occupancy.ts bounds the cell count at any
-- zoom (a box w × h metres meets fewer than (w/s + 2f + 2)(h/s + 2f + 2) cells of width s, margin f·s),
-- and the layer's whole box (no more cells than it covers can be occupied).
SELECT count(*)::float8 AS n,
       coalesce(ST_XMax(ST_Extent(t.geom_3857)) - ST_XMin(ST_Extent(t.geom_3857)), 0)::float8 AS ew,
       coalesce(ST_YMax(ST_Extent(t.geom_3857)) - ST_YMin(ST_Extent(t.geom_3857)), 0)::float8 AS eh,
       coalesce(sum(ST_XMax(t.geom_3857) - ST_XMin(t.geom_3857)), 0)::float8 AS w,
       coalesce(sum(ST_YMax(t.geom_3857) - ST_YMin(t.geom_3857)), 0)::float8 AS h,
       coalesce(sum((ST_XMax(t.geom_3857) - ST_XMin(t.geom_3857)) * (ST_YMax(t.geom_3857) - ST_YMin(t.geom_3857))), 0)::float8 AS wh
FROM {table} t
WHERE t.geom_3857 IS NOT NULL

-- name: cells
-- $3 the layer id: the data version is read in the same snapshot as the cells, so an index is only
-- ever used for the data it was built from.
SELECT string_agg(int8send(k), ''::bytea ORDER BY k) AS cells,
       (SELECT data_version FROM onemap.layers WHERE id = $3) AS version
FROM (
  SELECT DISTINCT (cx::int8 << 16) | cy::int8 AS k
  FROM {table} t,
       generate_series(floor((ST_XMin(t.geom_3857) - $2 + 20037508.342789244) / $1)::int,
                       floor((ST_XMax(t.geom_3857) + $2 + 20037508.342789244) / $1)::int) cx,
       generate_series(floor((20037508.342789244 - ST_YMax(t.geom_3857) - $2) / $1)::int,
                       floor((20037508.342789244 - ST_YMin(t.geom_3857) + $2) / $1)::int) cy
  WHERE t.geom_3857 IS NOT NULL
) c
WHERE (k >> 16) BETWEEN 0 AND 65535 AND (k & 65535) BETWEEN 0 AND 65535
