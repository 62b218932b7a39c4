-- The storefront widget's look and behaviour per store (JSON of SettingsService.WidgetSettings;
-- '{}' means the defaults).
ALTER TABLE store_settings ADD COLUMN widget text NOT NULL DEFAULT '{}';
