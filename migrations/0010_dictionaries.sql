-- Code dictionaries (land classes and small attribute code lists), the 三调 → 2023 crosswalk and
-- the 田坎 coefficient table. Filled from data/dictionaries/ by server/dictionaries/dictionaries.seed.ts.

CREATE TABLE onemap.dictionaries (
  id         text PRIMARY KEY,
  title_zh   text NOT NULL,
  title_en   text NOT NULL,
  kind       text NOT NULL CHECK (kind IN ('land_class', 'attribute')),
  -- Standard field names whose values this dictionary lists, e.g. {ZZSXDM,GDZZSXDM}.
  fields     text[] NOT NULL DEFAULT '{}',
  source     text,
  note       text,
  sort_order integer NOT NULL DEFAULT 0
);

CREATE TABLE onemap.dictionary_codes (
  dictionary_id text NOT NULL REFERENCES onemap.dictionaries (id) ON DELETE CASCADE,
  code          text NOT NULL,
  name_zh       text NOT NULL,
  name_en       text NOT NULL,
  level         smallint NOT NULL DEFAULT 1 CHECK (level BETWEEN 1 AND 3),
  parent_code   text,
  -- Primary statistical group (耕地/园地/林地/草地/湿地/建设用地/其他); groups holds every
  -- group the code belongs to (三调 0603 盐田 is 建设用地 and, by its place under 00, 湿地).
  land_group    text CHECK (land_group IN ('耕地', '园地', '林地', '草地', '湿地', '建设用地', '其他')),
  groups        text[] NOT NULL DEFAULT '{}',
  -- 《土地管理法》三大类; NULL where the members of a class differ, or for sea use.
  sandalei      text CHECK (sandalei IN ('农用地', '建设用地', '未利用地')),
  -- class | adjustable (K suffix) | refined (A suffix) | czc (城镇村) | layer (单独图层)
  kind          text NOT NULL DEFAULT 'class',
  base_code     text,
  -- Other spellings seen in data (TBLX "1" for "01", ZZSXDM "SS" for "SSLM").
  aliases       text[] NOT NULL DEFAULT '{}',
  note          text,
  unconfirmed   boolean NOT NULL DEFAULT false,
  extra         jsonb NOT NULL DEFAULT '{}',
  sort_order    integer NOT NULL DEFAULT 0,
  PRIMARY KEY (dictionary_id, code),
  FOREIGN KEY (dictionary_id, parent_code) REFERENCES onemap.dictionary_codes (dictionary_id, code)
    DEFERRABLE INITIALLY DEFERRED
);

CREATE TABLE onemap.land_class_crosswalk (
  from_dictionary text NOT NULL,
  from_code       text NOT NULL,
  to_dictionary   text NOT NULL,
  to_code         text NOT NULL,
  relation        text NOT NULL CHECK (relation IN ('same_code', 'same_name', 'base_code', 'candidate')),
  -- The one target a code converts to without further information; a code with no exact link
  -- has no 1:1 target and needs a 三级 split or another attribute.
  exact           boolean NOT NULL,
  note            text,
  PRIMARY KEY (from_dictionary, from_code, to_dictionary, to_code),
  FOREIGN KEY (from_dictionary, from_code) REFERENCES onemap.dictionary_codes (dictionary_id, code)
    ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
  FOREIGN KEY (to_dictionary, to_code) REFERENCES onemap.dictionary_codes (dictionary_id, code)
    ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED
);

CREATE UNIQUE INDEX land_class_crosswalk_one_exact
  ON onemap.land_class_crosswalk (from_dictionary, from_code, to_dictionary) WHERE exact;

-- 田坎系数 by region: '*' (fallback) or a 2-, 4- or 6-digit 行政区划 prefix; the longest matching
-- prefix wins. Rows from data/dictionaries/kcxs/*.json are `managed` (rewritten by the seed);
-- rows a deployment inserts itself are not, and take precedence on the same key.
CREATE TABLE onemap.kcxs (
  region_code  text NOT NULL CHECK (region_code = '*' OR region_code ~ '^[0-9]{2}([0-9]{2}([0-9]{2})?)?$'),
  gdlx         text NOT NULL CHECK (gdlx IN ('TT', 'PD')),
  gdpdjb       smallint NOT NULL CHECK (gdpdjb BETWEEN 2 AND 5),
  kcxs         numeric(6, 4) NOT NULL CHECK (kcxs >= 0 AND kcxs < 1),
  source       text NOT NULL,
  illustrative boolean NOT NULL DEFAULT false,
  managed      boolean NOT NULL DEFAULT false,
  PRIMARY KEY (region_code, gdlx, gdpdjb)
);

-- One row: the hash of the dictionary files last loaded, so an unchanged start-up skips the seed.
CREATE TABLE onemap.dictionary_seed (
  singleton    boolean PRIMARY KEY DEFAULT true CHECK (singleton),
  content_hash text NOT NULL,
  seeded_at    timestamptz NOT NULL DEFAULT now()
);
