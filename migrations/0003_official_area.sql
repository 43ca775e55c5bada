-- Official ellipsoidal area (椭球面积) per 国土调查办发〔2008〕32号 on the CGCS2000 ellipsoid.
-- For every ring edge (L1,B1)→(L2,B2) in radians the trapezoid between the edge and a reference
-- meridian L0 is  2b²·(Lm−L0)·[A·sin(ΔB/2)cos Bm − B·sin(3ΔB/2)cos 3Bm + C·sin(5ΔB/2)cos 5Bm
-- − D·sin(7ΔB/2)cos 7Bm + E·sin(9ΔB/2)cos 9Bm]; a ring's area is |Σ|, holes subtract.
-- L0 cancels out on a closed ring; the geometry's west edge is used to keep the sums small.
-- Geometries in any other SRID (e.g. Gauss-Krüger) are inverse-projected to 4490 first.

CREATE FUNCTION onemap.ellipsoid_area_raw(g geometry) RETURNS double precision
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  WITH k AS (
    -- CGCS2000: b = 6356752.31414036 m, e² = 0.0066943800229 (the 32号 document's constants).
    SELECT 6356752.31414036::float8 AS b, e,
           1 + 3.0/6*e + 30.0/80*e^2 + 35.0/112*e^3 + 630.0/2304*e^4 AS ka,
           1.0/6*e + 15.0/80*e^2 + 21.0/112*e^3 + 420.0/2304*e^4    AS kb,
           3.0/80*e^2 + 7.0/112*e^3 + 180.0/2304*e^4                AS kc,
           1.0/112*e^3 + 45.0/2304*e^4                              AS kd,
           5.0/2304*e^4                                             AS ke
    FROM (SELECT 0.0066943800229::float8 AS e) c
  ), geo AS (
    SELECT CASE WHEN ST_SRID(g) IN (4490, 4326) THEN g ELSE ST_Transform(g, 4490) END AS g
  ), pts AS (
    SELECT (d).path[1] AS part, (d).path[2] AS ring, (d).path[3] AS n,
           radians(ST_X((d).geom)) AS l, radians(ST_Y((d).geom)) AS b,
           radians(ST_XMin(geo.g)) AS l0
    FROM geo, LATERAL ST_DumpPoints(ST_Multi(ST_CollectionExtract(geo.g, 3))) AS d
  ), edges AS (
    SELECT part, ring,
           (l + lead(l) OVER w) / 2 - l0 AS dl,
           lead(b) OVER w - b AS db,
           (b + lead(b) OVER w) / 2 AS bm
    FROM pts
    WINDOW w AS (PARTITION BY part, ring ORDER BY n)
  ), rings AS (
    SELECT part, ring, abs(sum(
      2 * k.b ^ 2 * dl * (
          k.ka * sin(db / 2)     * cos(bm)
        - k.kb * sin(3 * db / 2) * cos(3 * bm)
        + k.kc * sin(5 * db / 2) * cos(5 * bm)
        - k.kd * sin(7 * db / 2) * cos(7 * bm)
        + k.ke * sin(9 * db / 2) * cos(9 * bm)))) AS s
    FROM edges, k WHERE db IS NOT NULL
    GROUP BY part, ring
  )
  SELECT coalesce(sum(CASE WHEN ring = 1 THEN s ELSE -s END), 0) FROM rings
$$;

-- Rounded to 0.01 m², half away from zero (numeric round does exactly that).
CREATE FUNCTION onemap.ellipsoid_area(g geometry) RETURNS numeric
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT round(onemap.ellipsoid_area_raw(g)::numeric, 2)
$$;

-- 亩 = m² × 0.0015 exactly; 公顷 = m² / 10000.
CREATE FUNCTION onemap.m2_to_mu(m2 numeric) RETURNS numeric
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$ SELECT m2 * 0.0015 $$;

CREATE FUNCTION onemap.m2_to_ha(m2 numeric) RETURNS numeric
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$ SELECT m2 / 10000 $$;
