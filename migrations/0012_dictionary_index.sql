-- Fast dictionary lookups. The helpers of 0011 read the tables on every call (~10 µs each, far
-- too slow over a million survey patches). Here the dictionaries are also kept as one jsonb
-- constant: onemap.dictionary_index() is regenerated whenever the dictionary tables change, and
-- the helpers below are one-expression SQL functions, so PostgreSQL inlines them and folds the
-- index into the query plan as a constant (~0.3 µs per call). Same names, arguments and answers.

CREATE FUNCTION onemap.dictionary_index() RETURNS jsonb
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT '{}'::jsonb $$;

-- Rebuild onemap.dictionary_index() from the tables:
--   codes:   {dictionary: {code: {g: group, gs: [groups], s: 三大类, n: name_zh, k: kind}}}
--   aliases: {dictionary: {alias: code}}
--   to2023:  {三调 code: exact 2023 code}
--   kcxs:    {region: {GDLX: {GDPDJB: KCXS}}}
CREATE FUNCTION onemap.refresh_dictionary_index() RETURNS void
LANGUAGE plpgsql AS $fn$
DECLARE
  idx jsonb;
BEGIN
  idx := jsonb_build_object(
    'codes', (
      SELECT coalesce(jsonb_object_agg(dictionary_id, codes), '{}')
      FROM (
        SELECT dictionary_id, jsonb_object_agg(code, jsonb_strip_nulls(jsonb_build_object(
                 'g', land_group, 'gs', groups, 's', sandalei, 'n', name_zh, 'k', kind))) AS codes
        FROM onemap.dictionary_codes GROUP BY dictionary_id) d),
    'aliases', (
      SELECT coalesce(jsonb_object_agg(dictionary_id, aliases), '{}')
      FROM (
        SELECT dictionary_id, jsonb_object_agg(alias, code) AS aliases
        FROM onemap.dictionary_codes, unnest(aliases) AS alias GROUP BY dictionary_id) a),
    'to2023', (
      SELECT coalesce(jsonb_object_agg(from_code, to_code), '{}')
      FROM onemap.land_class_crosswalk
      WHERE from_dictionary = 'sandiao' AND to_dictionary = 'ydyh2023' AND exact),
    'kcxs', (
      SELECT coalesce(jsonb_object_agg(region_code, types), '{}')
      FROM (
        SELECT region_code, jsonb_object_agg(gdlx, grades) AS types
        FROM (
          SELECT region_code, gdlx, jsonb_object_agg(gdpdjb::text, kcxs) AS grades
          FROM onemap.kcxs GROUP BY region_code, gdlx) g
        GROUP BY region_code) r));
  EXECUTE format(
    'CREATE OR REPLACE FUNCTION onemap.dictionary_index() RETURNS jsonb LANGUAGE sql IMMUTABLE PARALLEL SAFE AS %L',
    format('SELECT %L::jsonb', idx));
END
$fn$;

CREATE FUNCTION onemap.dictionary_index_changed() RETURNS trigger
LANGUAGE plpgsql AS $fn$
BEGIN
  PERFORM onemap.refresh_dictionary_index();
  RETURN NULL;
END
$fn$;

CREATE TRIGGER dictionary_codes_index AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON onemap.dictionary_codes
  FOR EACH STATEMENT EXECUTE FUNCTION onemap.dictionary_index_changed();
CREATE TRIGGER land_class_crosswalk_index AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON onemap.land_class_crosswalk
  FOR EACH STATEMENT EXECUTE FUNCTION onemap.dictionary_index_changed();
CREATE TRIGGER kcxs_index AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON onemap.kcxs
  FOR EACH STATEMENT EXECUTE FUNCTION onemap.dictionary_index_changed();

SELECT onemap.refresh_dictionary_index();

CREATE OR REPLACE FUNCTION onemap.land_class_name(dlbm text, dictionary text DEFAULT 'sandiao')
RETURNS text
LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT onemap.dictionary_index() -> 'codes' -> dictionary -> btrim(dlbm) ->> 'n'
$$;

CREATE OR REPLACE FUNCTION onemap.land_group(dlbm text, dictionary text DEFAULT 'sandiao')
RETURNS text
LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT onemap.dictionary_index() -> 'codes' -> dictionary -> btrim(dlbm) ->> 'g'
$$;

CREATE OR REPLACE FUNCTION onemap.in_land_group(dlbm text, grp text, dictionary text DEFAULT 'sandiao')
RETURNS boolean
LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT coalesce(onemap.dictionary_index() -> 'codes' -> dictionary -> btrim(dlbm) -> 'gs' ? grp, false)
$$;

CREATE OR REPLACE FUNCTION onemap.is_cultivated(dlbm text, dictionary text DEFAULT 'sandiao')
RETURNS boolean
LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT coalesce(onemap.dictionary_index() -> 'codes' -> dictionary -> btrim(dlbm) -> 'gs' ? '耕地', false)
$$;

CREATE OR REPLACE FUNCTION onemap.is_construction(dlbm text, dictionary text DEFAULT 'sandiao')
RETURNS boolean
LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT coalesce(onemap.dictionary_index() -> 'codes' -> dictionary -> btrim(dlbm) -> 'gs' ? '建设用地', false)
$$;

CREATE OR REPLACE FUNCTION onemap.is_adjustable(dlbm text)
RETURNS boolean
LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT coalesce(onemap.dictionary_index() -> 'codes' -> 'sandiao' -> btrim(dlbm) ->> 'k' = 'adjustable', false)
$$;

CREATE OR REPLACE FUNCTION onemap.sandalei(dlbm text, dictionary text DEFAULT 'sandiao')
RETURNS text
LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT onemap.dictionary_index() -> 'codes' -> dictionary -> btrim(dlbm) ->> 's'
$$;

CREATE OR REPLACE FUNCTION onemap.land_class_2023(dlbm text)
RETURNS text
LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT onemap.dictionary_index() -> 'to2023' ->> btrim(dlbm)
$$;

CREATE OR REPLACE FUNCTION onemap.dictionary_has(dictionary text, value text)
RETURNS boolean
LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT coalesce(onemap.dictionary_index() -> 'codes' -> dictionary ? btrim(value)
               OR onemap.dictionary_index() -> 'aliases' -> dictionary ? btrim(value), false)
$$;

CREATE OR REPLACE FUNCTION onemap.dictionary_name(dictionary text, value text)
RETURNS text
LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT coalesce(
    onemap.dictionary_index() -> 'codes' -> dictionary -> btrim(value) ->> 'n',
    onemap.dictionary_index() -> 'codes' -> dictionary -> (onemap.dictionary_index() -> 'aliases' -> dictionary ->> btrim(value)) ->> 'n')
$$;

-- The most specific region first: county (6), city (4), province (2), then '*'.
CREATE OR REPLACE FUNCTION onemap.kcxs_for(county_code text, slope_type text, slope_grade text)
RETURNS numeric
LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT CASE
    WHEN ltrim(btrim(slope_grade), '0') = '1' THEN 0::numeric
    ELSE coalesce(
      onemap.dictionary_index() -> 'kcxs' -> left(btrim(county_code), 6) -> upper(btrim(slope_type)) ->> ltrim(btrim(slope_grade), '0'),
      onemap.dictionary_index() -> 'kcxs' -> left(btrim(county_code), 4) -> upper(btrim(slope_type)) ->> ltrim(btrim(slope_grade), '0'),
      onemap.dictionary_index() -> 'kcxs' -> left(btrim(county_code), 2) -> upper(btrim(slope_type)) ->> ltrim(btrim(slope_grade), '0'),
      onemap.dictionary_index() -> 'kcxs' -> '*' -> upper(btrim(slope_type)) ->> ltrim(btrim(slope_grade), '0'))::numeric
  END
$$;
