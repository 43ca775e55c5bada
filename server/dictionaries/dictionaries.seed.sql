-- Statements of the dictionary seed, one per "-- name:" section. Every $1 jsonb is an array of
-- objects whose keys are the column names.

-- name: upsertDictionaries
INSERT INTO onemap.dictionaries (id, title_zh, title_en, kind, fields, source, note, sort_order)
SELECT x.id, x.title_zh, x.title_en, x.kind, x.fields, x.source, x.note, x.sort_order
FROM jsonb_to_recordset($1::jsonb) AS x (
  id text, title_zh text, title_en text, kind text, fields text[], source text, note text, sort_order integer)
ON CONFLICT (id) DO UPDATE SET
  title_zh = EXCLUDED.title_zh, title_en = EXCLUDED.title_en, kind = EXCLUDED.kind, fields = EXCLUDED.fields,
  source = EXCLUDED.source, note = EXCLUDED.note, sort_order = EXCLUDED.sort_order;

-- name: upsertCodes
INSERT INTO onemap.dictionary_codes (
  dictionary_id, code, name_zh, name_en, level, parent_code, land_group, groups, sandalei,
  kind, base_code, aliases, note, unconfirmed, extra, sort_order)
SELECT x.dictionary_id, x.code, x.name_zh, x.name_en, x.level, x.parent_code, x.land_group, x.groups, x.sandalei,
       x.kind, x.base_code, x.aliases, x.note, x.unconfirmed, x.extra, x.sort_order
FROM jsonb_to_recordset($1::jsonb) AS x (
  dictionary_id text, code text, name_zh text, name_en text, level smallint, parent_code text, land_group text,
  groups text[], sandalei text, kind text, base_code text, aliases text[], note text, unconfirmed boolean,
  extra jsonb, sort_order integer)
ON CONFLICT (dictionary_id, code) DO UPDATE SET
  name_zh = EXCLUDED.name_zh, name_en = EXCLUDED.name_en, level = EXCLUDED.level, parent_code = EXCLUDED.parent_code,
  land_group = EXCLUDED.land_group, groups = EXCLUDED.groups, sandalei = EXCLUDED.sandalei, kind = EXCLUDED.kind,
  base_code = EXCLUDED.base_code, aliases = EXCLUDED.aliases, note = EXCLUDED.note, unconfirmed = EXCLUDED.unconfirmed,
  extra = EXCLUDED.extra, sort_order = EXCLUDED.sort_order;

-- name: deleteStaleCodes
-- Codes of the seeded dictionaries ($1) that the files no longer list ($2, $3: id and code pairs).
DELETE FROM onemap.dictionary_codes c
WHERE c.dictionary_id = ANY ($1::text[])
  AND (c.dictionary_id, c.code) NOT IN (SELECT k.d, k.c FROM unnest($2::text[], $3::text[]) AS k (d, c));

-- name: deleteCrosswalks
-- $1, $2: the (from, to) dictionary pairs the files define, replaced as a whole.
DELETE FROM onemap.land_class_crosswalk w
USING unnest($1::text[], $2::text[]) AS p (from_dictionary, to_dictionary)
WHERE w.from_dictionary = p.from_dictionary AND w.to_dictionary = p.to_dictionary;

-- name: insertCrosswalks
INSERT INTO onemap.land_class_crosswalk (from_dictionary, from_code, to_dictionary, to_code, relation, exact, note)
SELECT x.from_dictionary, x.from_code, x.to_dictionary, x.to_code, x.relation, x.exact, x.note
FROM jsonb_to_recordset($1::jsonb) AS x (
  from_dictionary text, from_code text, to_dictionary text, to_code text, relation text, exact boolean, note text);

-- name: deleteManagedKcxs
DELETE FROM onemap.kcxs WHERE managed;

-- name: insertKcxs
-- A row a deployment inserted itself (managed = false) on the same key is kept and wins.
INSERT INTO onemap.kcxs (region_code, gdlx, gdpdjb, kcxs, source, illustrative, managed)
SELECT x.region_code, x.gdlx, x.gdpdjb, x.kcxs, x.source, x.illustrative, true
FROM jsonb_to_recordset($1::jsonb) AS x (
  region_code text, gdlx text, gdpdjb smallint, kcxs numeric, source text, illustrative boolean)
ON CONFLICT (region_code, gdlx, gdpdjb) DO NOTHING;

-- name: storedHash
SELECT content_hash FROM onemap.dictionary_seed;

-- name: storeHash
INSERT INTO onemap.dictionary_seed (singleton, content_hash, seeded_at) VALUES (true, $1, now())
ON CONFLICT (singleton) DO UPDATE SET content_hash = EXCLUDED.content_hash, seeded_at = EXCLUDED.seeded_at;
