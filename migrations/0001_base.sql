-- PostGIS, and the two schemas: `onemap` holds the platform's own tables (catalog, dictionaries,
-- jobs), `data` holds one table per layer so that QGIS/ogr2ogr can read layers directly.
CREATE EXTENSION IF NOT EXISTS postgis;
CREATE SCHEMA IF NOT EXISTS onemap;
CREATE SCHEMA IF NOT EXISTS data;
