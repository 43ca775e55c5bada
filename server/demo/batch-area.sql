-- Official ellipsoidal areas (onemap.ellipsoid_area's formula, 国土调查办发〔2008〕32号) for all rows
-- of the table with fid between $1 and $2, in one set-based query: about 20× faster on PGlite than
-- calling the per-row function, with the same arithmetic in the same order (the demo test checks
-- every TBMJ against onemap.ellipsoid_area). Returns (fid, m).
WITH k AS (
  SELECT 6356752.31414036::float8 AS b, e,
         1 + 3.0/6*e + 30.0/80*e^2 + 35.0/112*e^3 + 630.0/2304*e^4 AS ka,
         1.0/6*e + 15.0/80*e^2 + 21.0/112*e^3 + 420.0/2304*e^4    AS kb,
         3.0/80*e^2 + 7.0/112*e^3 + 180.0/2304*e^4                AS kc,
         1.0/112*e^3 + 45.0/2304*e^4                              AS kd,
         5.0/2304*e^4                                             AS ke
  FROM (SELECT 0.0066943800229::float8 AS e) c
), pts AS (
  SELECT t.fid, (d).path[1] AS part, (d).path[2] AS ring, (d).path[3] AS n,
         radians(ST_X((d).geom)) AS l, radians(ST_Y((d).geom)) AS b, radians(ST_XMin(t.geom)) AS l0
  FROM {{table}} t, LATERAL ST_DumpPoints(ST_Multi(ST_CollectionExtract(t.geom, 3))) AS d
  WHERE t.fid BETWEEN $1 AND $2
), edges AS (
  SELECT fid, part, ring, (l + lead(l) OVER w) / 2 - l0 AS dl, lead(b) OVER w - b AS db, (b + lead(b) OVER w) / 2 AS bm
  FROM pts WINDOW w AS (PARTITION BY fid, part, ring ORDER BY n)
), rings AS (
  SELECT fid, part, ring, abs(sum(
    2 * k.b ^ 2 * dl * (
        k.ka * sin(db / 2)     * cos(bm)
      - k.kb * sin(3 * db / 2) * cos(3 * bm)
      + k.kc * sin(5 * db / 2) * cos(5 * bm)
      - k.kd * sin(7 * db / 2) * cos(7 * bm)
      + k.ke * sin(9 * db / 2) * cos(9 * bm)))) AS s
  FROM edges, k WHERE db IS NOT NULL
  GROUP BY fid, part, ring
)
SELECT fid, round(coalesce(sum(CASE WHEN ring = 1 THEN s ELSE -s END), 0)::numeric, 2) AS m
FROM rings GROUP BY fid
