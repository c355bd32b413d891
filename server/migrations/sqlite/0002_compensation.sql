-- The prisbasbelopp per year (Socialförsäkringsbalken 2 kap. 6-7 §§; set each year by förordning).
CREATE TABLE price_base_amounts (
    year      INTEGER PRIMARY KEY,
    kronor    INTEGER NOT NULL CHECK (kronor > 0),
    source    TEXT    NOT NULL
);
INSERT INTO price_base_amounts (year, kronor, source) VALUES
    (2024, 57300, 'Förordning om prisbasbelopp för år 2024'),
    (2025, 58800, 'Förordning om prisbasbelopp för år 2025'),
    (2026, 59200, 'SFS 2025:872');

-- The municipality's compensation levels per year. Each amount is either basis points of the
-- year's prisbasbelopp (per year) or fixed kronor per month. Arvode and omkostnad stay apart.
CREATE TABLE compensation_levels (
    id               INTEGER PRIMARY KEY,
    year             INTEGER NOT NULL,
    frequency        TEXT    NOT NULL CHECK (frequency IN ('weekly', 'several_per_week', 'almost_daily')),
    arvode_kind      TEXT    NOT NULL CHECK (arvode_kind IN ('price_base_percent', 'fixed_monthly')),
    arvode_value     INTEGER NOT NULL CHECK (arvode_value >= 0),
    omkostnad_kind   TEXT    NOT NULL CHECK (omkostnad_kind IN ('price_base_percent', 'fixed_monthly')),
    omkostnad_value  INTEGER NOT NULL CHECK (omkostnad_value >= 0),
    UNIQUE (year, frequency)
);
-- Starting levels; an administrator changes them (SKR's recommendations are guidance only).
INSERT INTO compensation_levels (year, frequency, arvode_kind, arvode_value, omkostnad_kind, omkostnad_value) VALUES
    (2024, 'weekly',           'price_base_percent', 3600, 'price_base_percent', 1200),
    (2024, 'several_per_week', 'price_base_percent', 6000, 'price_base_percent', 1800),
    (2024, 'almost_daily',     'price_base_percent', 9600, 'price_base_percent', 2400),
    (2025, 'weekly',           'price_base_percent', 3600, 'price_base_percent', 1200),
    (2025, 'several_per_week', 'price_base_percent', 6000, 'price_base_percent', 1800),
    (2025, 'almost_daily',     'price_base_percent', 9600, 'price_base_percent', 2400),
    (2026, 'weekly',           'price_base_percent', 3600, 'price_base_percent', 1200),
    (2026, 'several_per_week', 'price_base_percent', 6000, 'price_base_percent', 1800),
    (2026, 'almost_daily',     'price_base_percent', 9600, 'price_base_percent', 2400);
