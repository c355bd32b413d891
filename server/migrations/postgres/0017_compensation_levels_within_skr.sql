-- Compensation levels within SKR's recommendation (issue 18), and where each year's levels come
-- from. (The same migration is SQLite 0023 and PostgreSQL 0017.)
--
-- The starting levels of 0002 (arvode 36 / 60 / 96 %, omkostnad 12 / 18 / 24 % of the
-- prisbasbelopp per year) were not SKR's model: every arvode above SKR's band and every
-- omkostnad below its figure. SKR (cirkulär 17:54 and its later updates) gives, per month, as a
-- share of prisbasbelopp/12 (the same number as a share of the prisbasbelopp per year): arvode
-- category 1 (about weekly) 10–35 %, category 2 (several times a week) 20–45 %, category 3
-- (almost daily) 30–55 %; omkostnad 10 %, 25 % and 40 %. The new starting levels are the middle
-- of each arvode band (22,5 / 32,5 / 42,5 %: SKR leaves the point within the band to the
-- assignment's demands, which a starting level cannot know) and SKR's omkostnad
-- (kp_domain::compensation::skr::starting_level says the same, and a test holds them together).

-- The source of a year's levels, as price_base_amounts.source is the prisbasbelopp's: the
-- decision that set them. A year without a row has levels saved before sources were kept.
CREATE TABLE compensation_level_sources (
    year   BIGINT PRIMARY KEY,
    source TEXT NOT NULL
);

-- Only the seeded years that nobody has changed get the new levels: a year an administrator
-- has saved (its write:compensation entry is in the access log) keeps its levels, and so does a
-- year any of whose rows differs from the old seed. (Should the access log have been pruned
-- past a save that kept exactly the old seed values, that year is taken for the seed.)
INSERT INTO compensation_level_sources (year, source)
SELECT p.year, 'Startnivå enligt SKR:s rekommendation (cirkulär 17:54 med senare uppdateringar), andel av prisbasbeloppet/12 per månad: arvodet i mitten av SKR:s intervall (kategori 1: 22,5 % av 10–35 %, kategori 2: 32,5 % av 20–45 %, kategori 3: 42,5 % av 30–55 %), omkostnaden SKR:s 10, 25 och 40 %. Byt mot nämndens beslut.'
FROM price_base_amounts p
WHERE p.year IN (2024, 2025, 2026)
  AND NOT EXISTS (
      SELECT 1 FROM access_log a
      WHERE a.action = 'write:compensation' AND a.record = 'compensation:' || p.year
  )
  AND (SELECT COUNT(*) FROM compensation_levels l WHERE l.year = p.year) = 3
  AND NOT EXISTS (
      SELECT 1 FROM compensation_levels l
      WHERE l.year = p.year
        AND NOT (
            l.arvode_kind = 'price_base_percent' AND l.omkostnad_kind = 'price_base_percent'
            AND (   (l.frequency = 'weekly'           AND l.arvode_value = 3600 AND l.omkostnad_value = 1200)
                 OR (l.frequency = 'several_per_week' AND l.arvode_value = 6000 AND l.omkostnad_value = 1800)
                 OR (l.frequency = 'almost_daily'     AND l.arvode_value = 9600 AND l.omkostnad_value = 2400))
        )
  );

UPDATE compensation_levels
SET arvode_value = CASE frequency
        WHEN 'weekly' THEN 2250 WHEN 'several_per_week' THEN 3250 ELSE 4250 END,
    omkostnad_value = CASE frequency
        WHEN 'weekly' THEN 1000 WHEN 'several_per_week' THEN 2500 ELSE 4000 END
WHERE year IN (SELECT year FROM compensation_level_sources);
