-- Reads behind the /api/dictionaries routes, one per "-- name:" section.

-- name: listDictionaries
SELECT d.id, d.title_zh, d.title_en, d.kind, d.fields, d.source, d.note, count(c.code)::integer AS count
FROM onemap.dictionaries d
LEFT JOIN onemap.dictionary_codes c ON c.dictionary_id = d.id
GROUP BY d.id
ORDER BY d.sort_order, d.id;

-- name: listCodes
-- $2: a group (any membership) or NULL; $3: a level or NULL.
SELECT * FROM onemap.dictionary_codes
WHERE dictionary_id = $1
  AND ($2::text IS NULL OR $2::text = ANY (groups))
  AND ($3::smallint IS NULL OR level = $3::smallint)
ORDER BY sort_order, code;

-- name: findCode
-- A code, or failing that a code listing $2 among its aliases.
SELECT * FROM onemap.dictionary_codes
WHERE dictionary_id = $1 AND (code = $2 OR $2 = ANY (aliases))
ORDER BY code = $2 DESC
LIMIT 1;

-- name: childCodes
SELECT code, name_zh, name_en, level FROM onemap.dictionary_codes
WHERE dictionary_id = $1 AND parent_code = $2
ORDER BY sort_order, code;

-- name: crosswalk
-- Every code of the source dictionary ($1), with its links into $2 (none for codes without a
-- counterpart); $3 narrows to one code.
SELECT c.code, c.name_zh, c.name_en, c.level, c.kind,
       w.to_code, t.name_zh AS to_name_zh, t.name_en AS to_name_en, w.relation, w.exact, w.note
FROM onemap.dictionary_codes c
LEFT JOIN onemap.land_class_crosswalk w
  ON w.from_dictionary = c.dictionary_id AND w.from_code = c.code AND w.to_dictionary = $2
LEFT JOIN onemap.dictionary_codes t ON t.dictionary_id = w.to_dictionary AND t.code = w.to_code
WHERE c.dictionary_id = $1 AND ($3::text IS NULL OR c.code = $3::text)
ORDER BY c.sort_order, w.exact DESC, t.sort_order;

-- name: crosswalkPairs
SELECT DISTINCT from_dictionary, to_dictionary FROM onemap.land_class_crosswalk ORDER BY 1, 2;

-- name: kcxsAll
SELECT region_code, gdlx, gdpdjb, kcxs, source, illustrative, managed FROM onemap.kcxs
ORDER BY region_code = '*' DESC, region_code, gdlx DESC, gdpdjb;

-- name: kcxsForRegion
-- The row onemap.kcxs_for would use for each (GDLX, GDPDJB) in region $1.
SELECT DISTINCT ON (gdlx, gdpdjb) region_code, gdlx, gdpdjb, kcxs, source, illustrative, managed
FROM onemap.kcxs
WHERE region_code = '*' OR left($1, 6) LIKE region_code || '%'
ORDER BY gdlx DESC, gdpdjb, region_code = '*', length(region_code) DESC;
