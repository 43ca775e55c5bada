-- The layer catalog: the only source of table and column names that ever reach SQL.
CREATE TABLE onemap.layers (
  id            text PRIMARY KEY CHECK (id ~ '^[a-z][a-z0-9_]{0,62}$'),
  title_zh      text NOT NULL,
  title_en      text NOT NULL,
  kind          text NOT NULL CHECK (kind IN ('base', 'survey', 'rights', 'control', 'thematic', 'result')),
  geometry_type text NOT NULL CHECK (geometry_type IN ('Point', 'MultiPoint', 'LineString', 'MultiLineString', 'Polygon', 'MultiPolygon')),
  -- Survey layers come in yearly versions: one layer (and table) per year, linked by `series`.
  series        text,
  year          integer,
  version       text,
  source        text NOT NULL DEFAULT '',
  description   text NOT NULL DEFAULT '',
  -- [{name, type, title_zh, title_en}] in table order; `type` is one of text|integer|number|boolean|date|timestamp.
  attributes    jsonb NOT NULL DEFAULT '[]',
  -- Which attributes go into vector tiles (style + identify); null means all.
  tile_properties text[],
  -- Attribute holding the feature's date, for OGC `datetime` queries.
  time_field    text,
  style         jsonb NOT NULL DEFAULT '{}',
  tier          text NOT NULL DEFAULT 'public' CHECK (tier IN ('public', 'internal', 'confidential')),
  -- Layer tree placement in the web client.
  group_id      text NOT NULL DEFAULT 'other',
  sort_order    integer NOT NULL DEFAULT 0,
  min_zoom      integer NOT NULL DEFAULT 0,
  -- Extent in EPSG:4490 [minx, miny, maxx, maxy]; null while empty.
  extent        double precision[],
  feature_count bigint NOT NULL DEFAULT 0,
  -- Bumped on every change of the layer's data; tile cache keys and ETags include it.
  data_version  bigint NOT NULL DEFAULT 1,
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now()
);

-- Keeps each layer's Web Mercator copy (used only for tiles) in step with the canonical geometry.
CREATE FUNCTION onemap.sync_geom_3857() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.geom_3857 := ST_Transform(NEW.geom, 3857);
  RETURN NEW;
END
$$;
