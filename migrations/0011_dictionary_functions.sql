-- Lookup helpers over onemap.dictionary_codes for any query (conflict rules, import QA, statistics).
-- They read tables, so they are STABLE (never usable in an index). Values are trimmed because DBF
-- text arrives space-padded. Unknown codes give NULL (names, groups) or false (predicates).
-- 0012 redefines all of them except onemap.land_class over a constant index, for speed; the
-- answers are the same.

-- The whole dictionary row of a land-class code: (onemap.land_class('0101')).sandalei
CREATE FUNCTION onemap.land_class(dlbm text, dictionary text DEFAULT 'sandiao')
RETURNS onemap.dictionary_codes
LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT * FROM onemap.dictionary_codes
  WHERE dictionary_id = dictionary AND code = btrim(dlbm)
$$;

-- 地类名称 (DLMC) for a code.
CREATE FUNCTION onemap.land_class_name(dlbm text, dictionary text DEFAULT 'sandiao')
RETURNS text
LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT name_zh FROM onemap.dictionary_codes
  WHERE dictionary_id = dictionary AND code = btrim(dlbm)
$$;

-- Primary group: 耕地, 园地, 林地, 草地, 湿地, 建设用地 or 其他. Each code counts in exactly one,
-- so summing areas by this group never double counts.
CREATE FUNCTION onemap.land_group(dlbm text, dictionary text DEFAULT 'sandiao')
RETURNS text
LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT land_group FROM onemap.dictionary_codes
  WHERE dictionary_id = dictionary AND code = btrim(dlbm)
$$;

-- Membership in any of a code's groups (三调 0603 盐田 is in both 建设用地 and 湿地).
CREATE FUNCTION onemap.in_land_group(dlbm text, grp text, dictionary text DEFAULT 'sandiao')
RETURNS boolean
LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT EXISTS (
    SELECT 1 FROM onemap.dictionary_codes
    WHERE dictionary_id = dictionary AND code = btrim(dlbm) AND grp = ANY (groups))
$$;

-- 耕地: 0101–0103 (and 一级 01). K codes (0201K…) are not 耕地.
CREATE FUNCTION onemap.is_cultivated(dlbm text, dictionary text DEFAULT 'sandiao')
RETURNS boolean
LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT EXISTS (
    SELECT 1 FROM onemap.dictionary_codes
    WHERE dictionary_id = dictionary AND code = btrim(dlbm) AND '耕地' = ANY (groups))
$$;

-- In the 建设用地 group (三调 0603 盐田 included; 2023 06 农业设施建设用地 excluded).
CREATE FUNCTION onemap.is_construction(dlbm text, dictionary text DEFAULT 'sandiao')
RETURNS boolean
LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT EXISTS (
    SELECT 1 FROM onemap.dictionary_codes
    WHERE dictionary_id = dictionary AND code = btrim(dlbm) AND '建设用地' = ANY (groups))
$$;

-- 可调整 (K-suffix) 三调 codes: former 耕地, the restoration pool.
CREATE FUNCTION onemap.is_adjustable(dlbm text)
RETURNS boolean
LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT EXISTS (
    SELECT 1 FROM onemap.dictionary_codes
    WHERE dictionary_id = 'sandiao' AND code = btrim(dlbm) AND kind = 'adjustable')
$$;

-- 《土地管理法》三大类: 农用地, 建设用地 or 未利用地 (NULL when unknown or not a land class).
CREATE FUNCTION onemap.sandalei(dlbm text, dictionary text DEFAULT 'sandiao')
RETURNS text
LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT sandalei FROM onemap.dictionary_codes
  WHERE dictionary_id = dictionary AND code = btrim(dlbm)
$$;

-- The 2023 用地用海 code a 三调 code converts to 1:1, or NULL when it needs a split
-- (see onemap.land_class_crosswalk for the candidates).
CREATE FUNCTION onemap.land_class_2023(dlbm text)
RETURNS text
LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT to_code FROM onemap.land_class_crosswalk
  WHERE from_dictionary = 'sandiao' AND from_code = btrim(dlbm)
    AND to_dictionary = 'ydyh2023' AND exact
$$;

-- Whether a value is a code (or a known alias) of any dictionary, e.g. ('zzsxdm', 'JKHF').
CREATE FUNCTION onemap.dictionary_has(dictionary text, value text)
RETURNS boolean
LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT EXISTS (
    SELECT 1 FROM onemap.dictionary_codes
    WHERE dictionary_id = dictionary AND (code = btrim(value) OR btrim(value) = ANY (aliases)))
$$;

-- The Chinese name for a code or alias of any dictionary, e.g. ('tblx', '1') → 耕地.
CREATE FUNCTION onemap.dictionary_name(dictionary text, value text)
RETURNS text
LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT name_zh FROM onemap.dictionary_codes
  WHERE dictionary_id = dictionary AND (code = btrim(value) OR btrim(value) = ANY (aliases))
  ORDER BY code = btrim(value) DESC
  LIMIT 1
$$;

-- 田坎系数 for a patch: county_code is any 行政区划 code (ZLDWDM works: its first 6 characters
-- are the county), slope_type the GDLX (TT/PD), slope_grade the GDPDJB. Grade 1 has no deduction
-- (0). The most specific region row wins, '*' last. NULL when no row applies (e.g. GDLX empty on
-- a sloped patch), which import QA reports.
CREATE FUNCTION onemap.kcxs_for(county_code text, slope_type text, slope_grade text)
RETURNS numeric
LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT CASE
    WHEN grade = '1' THEN 0::numeric
    ELSE (
      SELECT k.kcxs FROM onemap.kcxs k
      WHERE k.gdlx = upper(btrim(slope_type))
        AND k.gdpdjb::text = grade
        AND (k.region_code = '*' OR left(btrim(county_code), 6) LIKE k.region_code || '%')
      ORDER BY k.region_code = '*', length(k.region_code) DESC
      LIMIT 1)
  END
  -- GDPDJB is char(2): accept '2' and '02'.
  FROM (SELECT ltrim(btrim(slope_grade), '0') AS grade) g
$$;
