// The whole v1-compatible schema Cohort serves. Timestamps are timestamptz with ms precision
// (v1 serialises milliseconds). Names follow v1's tables where clients can see them in
// error messages ("Customer_group with name X already exists.").
export const sql = `
CREATE TABLE currency (
  code          text PRIMARY KEY,
  symbol        text NOT NULL,
  symbol_native text NOT NULL,
  name          text NOT NULL
);
INSERT INTO currency (code, symbol, symbol_native, name) VALUES
('aed', 'AED', 'AED', 'United Arab Emirates Dirham'),
('afn', 'AFN', '؋', 'Afghan Afghani'),
('all', 'ALL', 'ALL', 'Albanian Lek'),
('amd', 'AMD', '֏', 'Armenian Dram'),
('ang', 'ANG', 'ANG', 'Netherlands Antillean Guilder'),
('aoa', 'AOA', 'Kz', 'Angolan Kwanza'),
('ars', 'ARS', '$', 'Argentine Peso'),
('aud', 'A$', '$', 'Australian Dollar'),
('awg', 'AWG', 'AWG', 'Aruban Florin'),
('azn', 'AZN', '₼', 'Azerbaijani Manat'),
('bam', 'BAM', 'KM', 'Bosnia-Herzegovina Convertible Mark'),
('bbd', 'BBD', '$', 'Barbadian Dollar'),
('bdt', 'BDT', '৳', 'Bangladeshi Taka'),
('bgn', 'BGN', 'BGN', 'Bulgarian Lev'),
('bhd', 'BHD', 'BHD', 'Bahraini Dinar'),
('bif', 'BIF', 'BIF', 'Burundian Franc'),
('bmd', 'BMD', '$', 'Bermudan Dollar'),
('bnd', 'BND', '$', 'Brunei Dollar'),
('bob', 'BOB', 'Bs', 'Bolivian Boliviano'),
('brl', 'R$', 'R$', 'Brazilian Real'),
('bsd', 'BSD', '$', 'Bahamian Dollar'),
('btn', 'BTN', 'BTN', 'Bhutanese Ngultrum'),
('bwp', 'BWP', 'P', 'Botswanan Pula'),
('byn', 'BYN', 'BYN', 'Belarusian Ruble'),
('bzd', 'BZD', '$', 'Belize Dollar'),
('cad', 'CA$', '$', 'Canadian Dollar'),
('cdf', 'CDF', 'CDF', 'Congolese Franc'),
('chf', 'CHF', 'CHF', 'Swiss Franc'),
('clp', 'CLP', '$', 'Chilean Peso'),
('cny', 'CN¥', '¥', 'Chinese Yuan'),
('cop', 'COP', '$', 'Colombian Peso'),
('crc', 'CRC', '₡', 'Costa Rican Colón'),
('cuc', 'CUC', '$', 'Cuban Convertible Peso'),
('cup', 'CUP', '$', 'Cuban Peso'),
('cve', 'CVE', 'CVE', 'Cape Verdean Escudo'),
('czk', 'CZK', 'Kč', 'Czech Koruna'),
('djf', 'DJF', 'DJF', 'Djiboutian Franc'),
('dkk', 'DKK', 'kr', 'Danish Krone'),
('dop', 'DOP', '$', 'Dominican Peso'),
('dzd', 'DZD', 'DZD', 'Algerian Dinar'),
('egp', 'EGP', 'E£', 'Egyptian Pound'),
('ern', 'ERN', 'ERN', 'Eritrean Nakfa'),
('etb', 'ETB', 'ETB', 'Ethiopian Birr'),
('eur', '€', '€', 'Euro'),
('fjd', 'FJD', '$', 'Fijian Dollar'),
('fkp', 'FKP', '£', 'Falkland Islands Pound'),
('gbp', '£', '£', 'British Pound'),
('gel', 'GEL', '₾', 'Georgian Lari'),
('ghs', 'GHS', 'GH₵', 'Ghanaian Cedi'),
('gip', 'GIP', '£', 'Gibraltar Pound'),
('gmd', 'GMD', 'GMD', 'Gambian Dalasi'),
('gnf', 'GNF', 'FG', 'Guinean Franc'),
('gtq', 'GTQ', 'Q', 'Guatemalan Quetzal'),
('gyd', 'GYD', '$', 'Guyanaese Dollar'),
('hkd', 'HK$', '$', 'Hong Kong Dollar'),
('hnl', 'HNL', 'L', 'Honduran Lempira'),
('hrk', 'HRK', 'kn', 'Croatian Kuna'),
('htg', 'HTG', 'HTG', 'Haitian Gourde'),
('huf', 'HUF', 'Ft', 'Hungarian Forint'),
('idr', 'IDR', 'Rp', 'Indonesian Rupiah'),
('ils', '₪', '₪', 'Israeli New Shekel'),
('inr', '₹', '₹', 'Indian Rupee'),
('iqd', 'IQD', 'IQD', 'Iraqi Dinar'),
('irr', 'IRR', 'IRR', 'Iranian Rial'),
('isk', 'ISK', 'kr', 'Icelandic Króna'),
('jmd', 'JMD', '$', 'Jamaican Dollar'),
('jod', 'JOD', 'JOD', 'Jordanian Dinar'),
('jpy', '¥', '¥', 'Japanese Yen'),
('kes', 'KES', 'KES', 'Kenyan Shilling'),
('kgs', 'KGS', '⃀', 'Kyrgyz Som'),
('khr', 'KHR', '៛', 'Cambodian Riel'),
('kmf', 'KMF', 'CF', 'Comorian Franc'),
('kpw', 'KPW', '₩', 'North Korean Won'),
('krw', '₩', '₩', 'South Korean Won'),
('kwd', 'KWD', 'KWD', 'Kuwaiti Dinar'),
('kyd', 'KYD', '$', 'Cayman Islands Dollar'),
('kzt', 'KZT', '₸', 'Kazakhstani Tenge'),
('lak', 'LAK', '₭', 'Laotian Kip'),
('lbp', 'LBP', 'L£', 'Lebanese Pound'),
('lkr', 'LKR', 'Rs', 'Sri Lankan Rupee'),
('lrd', 'LRD', '$', 'Liberian Dollar'),
('lsl', 'LSL', 'LSL', 'Lesotho Loti'),
('lyd', 'LYD', 'LYD', 'Libyan Dinar'),
('mad', 'MAD', 'MAD', 'Moroccan Dirham'),
('mdl', 'MDL', 'MDL', 'Moldovan Leu'),
('mga', 'MGA', 'Ar', 'Malagasy Ariary'),
('mkd', 'MKD', 'MKD', 'Macedonian Denar'),
('mmk', 'MMK', 'K', 'Myanmar Kyat'),
('mnt', 'MNT', '₮', 'Mongolian Tugrik'),
('mop', 'MOP', 'MOP', 'Macanese Pataca'),
('mru', 'MRU', 'MRU', 'Mauritanian Ouguiya'),
('mur', 'MUR', 'Rs', 'Mauritian Rupee'),
('mvr', 'MVR', 'MVR', 'Maldivian Rufiyaa'),
('mwk', 'MWK', 'MWK', 'Malawian Kwacha'),
('mxn', 'MX$', '$', 'Mexican Peso'),
('myr', 'MYR', 'RM', 'Malaysian Ringgit'),
('mzn', 'MZN', 'MZN', 'Mozambican Metical'),
('nad', 'NAD', '$', 'Namibian Dollar'),
('ngn', 'NGN', '₦', 'Nigerian Naira'),
('nio', 'NIO', 'C$', 'Nicaraguan Córdoba'),
('nok', 'NOK', 'kr', 'Norwegian Krone'),
('npr', 'NPR', 'Rs', 'Nepalese Rupee'),
('nzd', 'NZ$', '$', 'New Zealand Dollar'),
('omr', 'OMR', 'OMR', 'Omani Rial'),
('pab', 'PAB', 'PAB', 'Panamanian Balboa'),
('pen', 'PEN', 'PEN', 'Peruvian Sol'),
('pgk', 'PGK', 'PGK', 'Papua New Guinean Kina'),
('php', '₱', '₱', 'Philippine Peso'),
('pkr', 'PKR', 'Rs', 'Pakistani Rupee'),
('pln', 'PLN', 'zł', 'Polish Zloty'),
('pyg', 'PYG', '₲', 'Paraguayan Guarani'),
('qar', 'QAR', 'QAR', 'Qatari Riyal'),
('ron', 'RON', 'lei', 'Romanian Leu'),
('rsd', 'RSD', 'RSD', 'Serbian Dinar'),
('rub', 'RUB', '₽', 'Russian Ruble'),
('rwf', 'RWF', 'RF', 'Rwandan Franc'),
('sar', 'SAR', 'SAR', 'Saudi Riyal'),
('sbd', 'SBD', '$', 'Solomon Islands Dollar'),
('scr', 'SCR', 'SCR', 'Seychellois Rupee'),
('sdg', 'SDG', 'SDG', 'Sudanese Pound'),
('sek', 'SEK', 'kr', 'Swedish Krona'),
('sgd', 'SGD', '$', 'Singapore Dollar'),
('shp', 'SHP', '£', 'St. Helena Pound'),
('sle', 'SLE', 'SLE', 'Sierra Leonean Leone'),
('sll', 'SLL', 'SLL', 'Sierra Leonean Leone (1964—2022)'),
('sos', 'SOS', 'SOS', 'Somali Shilling'),
('srd', 'SRD', '$', 'Surinamese Dollar'),
('ssp', 'SSP', '£', 'South Sudanese Pound'),
('stn', 'STN', 'Db', 'São Tomé & Príncipe Dobra'),
('svc', 'SVC', 'SVC', 'Salvadoran Colón'),
('syp', 'SYP', '£', 'Syrian Pound'),
('szl', 'SZL', 'SZL', 'Swazi Lilangeni'),
('thb', 'THB', '฿', 'Thai Baht'),
('tjs', 'TJS', 'TJS', 'Tajikistani Somoni'),
('tmt', 'TMT', 'TMT', 'Turkmenistani Manat'),
('tnd', 'TND', 'TND', 'Tunisian Dinar'),
('top', 'TOP', 'T$', 'Tongan Paʻanga'),
('try', 'TRY', '₺', 'Turkish Lira'),
('ttd', 'TTD', '$', 'Trinidad & Tobago Dollar'),
('twd', 'NT$', '$', 'New Taiwan Dollar'),
('tzs', 'TZS', 'TZS', 'Tanzanian Shilling'),
('uah', 'UAH', '₴', 'Ukrainian Hryvnia'),
('ugx', 'UGX', 'UGX', 'Ugandan Shilling'),
('usd', '$', '$', 'US Dollar'),
('uyu', 'UYU', '$', 'Uruguayan Peso'),
('uzs', 'UZS', 'UZS', 'Uzbekistani Som'),
('ves', 'VES', 'VES', 'Venezuelan Bolívar'),
('vnd', '₫', '₫', 'Vietnamese Dong'),
('vuv', 'VUV', 'VUV', 'Vanuatu Vatu'),
('wst', 'WST', 'WST', 'Samoan Tala'),
('xaf', 'FCFA', 'FCFA', 'Central African CFA Franc'),
('xcd', 'EC$', '$', 'East Caribbean Dollar'),
('xcg', 'Cg.', 'Cg.', 'Caribbean guilder'),
('xdr', 'XDR', 'XDR', 'Special Drawing Rights'),
('xof', 'F CFA', 'F CFA', 'West African CFA Franc'),
('xpf', 'CFPF', 'CFPF', 'CFP Franc'),
('xsu', 'XSU', 'XSU', 'Sucre'),
('yer', 'YER', 'YER', 'Yemeni Rial'),
('zar', 'ZAR', 'R', 'South African Rand'),
('zmw', 'ZMW', 'ZK', 'Zambian Kwacha'),
('zwg', 'ZWG', 'ZWG', 'Zimbabwean Gold'),
('zwl', 'ZWL', 'ZWL', 'Zimbabwean Dollar (2009–2024)');

CREATE TABLE "user" (
  id            text PRIMARY KEY,
  email         text NOT NULL,
  first_name    text,
  last_name     text,
  password_hash text,
  api_token     text,
  role          text NOT NULL DEFAULT 'member' CHECK (role IN ('admin', 'member', 'developer')),
  metadata      jsonb,
  created_at    timestamptz(3) NOT NULL DEFAULT now(),
  updated_at    timestamptz(3) NOT NULL DEFAULT now(),
  deleted_at    timestamptz(3)
);
CREATE UNIQUE INDEX "IDX_user_email" ON "user" (email) WHERE deleted_at IS NULL;
CREATE UNIQUE INDEX "IDX_user_api_token" ON "user" (api_token) WHERE deleted_at IS NULL AND api_token IS NOT NULL;

-- Server-side sessions (connect.sid), shared by every instance on one database.
CREATE TABLE session (
  sid         text PRIMARY KEY,
  user_id     text,
  customer_id text,
  expires_at  timestamptz(3) NOT NULL,
  created_at  timestamptz(3) NOT NULL DEFAULT now()
);
CREATE INDEX "IDX_session_expires_at" ON session (expires_at);

-- Failed-login counters, per account and per IP, shared by every instance.
CREATE TABLE auth_throttle (
  key               text PRIMARY KEY,
  failures          integer NOT NULL,
  window_started_at timestamptz(3) NOT NULL
);

CREATE TABLE customer (
  id                 text PRIMARY KEY,
  email              text NOT NULL,
  first_name         text,
  last_name          text,
  billing_address_id text,
  password_hash      text,
  phone              text,
  has_account        boolean NOT NULL DEFAULT false,
  metadata           jsonb,
  created_at         timestamptz(3) NOT NULL DEFAULT now(),
  updated_at         timestamptz(3) NOT NULL DEFAULT now(),
  deleted_at         timestamptz(3)
);
CREATE UNIQUE INDEX "IDX_customer_email_has_account" ON customer (email, has_account) WHERE deleted_at IS NULL;
CREATE INDEX "IDX_customer_created_at_id" ON customer (created_at DESC, id DESC);

CREATE TABLE address (
  id           text PRIMARY KEY,
  customer_id  text REFERENCES customer (id) ON DELETE CASCADE,
  company      text,
  first_name   text,
  last_name    text,
  address_1    text,
  address_2    text,
  city         text,
  country_code text,
  province     text,
  postal_code  text,
  phone        text,
  metadata     jsonb,
  created_at   timestamptz(3) NOT NULL DEFAULT now(),
  updated_at   timestamptz(3) NOT NULL DEFAULT now(),
  deleted_at   timestamptz(3)
);
CREATE INDEX "IDX_address_customer_id" ON address (customer_id);

CREATE TABLE customer_group (
  id         text PRIMARY KEY,
  name       text NOT NULL,
  metadata   jsonb,
  created_at timestamptz(3) NOT NULL DEFAULT now(),
  updated_at timestamptz(3) NOT NULL DEFAULT now(),
  deleted_at timestamptz(3)
);
CREATE UNIQUE INDEX "IDX_customer_group_name" ON customer_group (name) WHERE deleted_at IS NULL;
CREATE INDEX "IDX_customer_group_created_at_id" ON customer_group (created_at DESC, id DESC);

-- Membership. The primary key serves "members of a group"; the second index serves
-- "groups of a customer", the lookup store pricing makes on every request.
CREATE TABLE customer_group_customers (
  customer_group_id text NOT NULL REFERENCES customer_group (id) ON DELETE CASCADE,
  customer_id       text NOT NULL REFERENCES customer (id) ON DELETE CASCADE,
  PRIMARY KEY (customer_group_id, customer_id)
);
CREATE INDEX "IDX_cgc_customer_id" ON customer_group_customers (customer_id, customer_group_id);

CREATE TABLE region (
  id                    text PRIMARY KEY,
  name                  text NOT NULL,
  currency_code         text NOT NULL REFERENCES currency (code),
  tax_rate              real NOT NULL DEFAULT 0,
  tax_code              text,
  gift_cards_taxable    boolean NOT NULL DEFAULT true,
  automatic_taxes       boolean NOT NULL DEFAULT true,
  includes_tax          boolean NOT NULL DEFAULT false,
  countries             text[] NOT NULL DEFAULT '{}',
  payment_providers     text[] NOT NULL DEFAULT '{}',
  fulfillment_providers text[] NOT NULL DEFAULT '{}',
  metadata              jsonb,
  created_at            timestamptz(3) NOT NULL DEFAULT now(),
  updated_at            timestamptz(3) NOT NULL DEFAULT now(),
  deleted_at            timestamptz(3)
);

CREATE TABLE product (
  id             text PRIMARY KEY,
  title          text NOT NULL,
  subtitle       text,
  description    text,
  handle         text,
  is_giftcard    boolean NOT NULL DEFAULT false,
  status         text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'proposed', 'published', 'rejected')),
  thumbnail      text,
  weight         integer,
  length         integer,
  height         integer,
  width          integer,
  hs_code        text,
  origin_country text,
  mid_code       text,
  material       text,
  collection_id  text,
  type_id        text,
  discountable   boolean NOT NULL DEFAULT true,
  external_id    text,
  metadata       jsonb,
  created_at     timestamptz(3) NOT NULL DEFAULT now(),
  updated_at     timestamptz(3) NOT NULL DEFAULT now(),
  deleted_at     timestamptz(3)
);
CREATE UNIQUE INDEX "IDX_product_handle" ON product (handle) WHERE deleted_at IS NULL;
CREATE INDEX "IDX_product_created_at_id" ON product (created_at DESC, id DESC);
CREATE INDEX "IDX_product_status_created_at_id" ON product (status, created_at DESC, id DESC);

CREATE TABLE product_variant (
  id                 text PRIMARY KEY,
  title              text NOT NULL,
  product_id         text NOT NULL REFERENCES product (id) ON DELETE CASCADE,
  sku                text,
  barcode            text,
  ean                text,
  upc                text,
  variant_rank       integer NOT NULL DEFAULT 0,
  inventory_quantity integer NOT NULL DEFAULT 0,
  allow_backorder    boolean NOT NULL DEFAULT false,
  manage_inventory   boolean NOT NULL DEFAULT true,
  hs_code            text,
  origin_country     text,
  mid_code           text,
  material           text,
  weight             integer,
  length             integer,
  height             integer,
  width              integer,
  metadata           jsonb,
  created_at         timestamptz(3) NOT NULL DEFAULT now(),
  updated_at         timestamptz(3) NOT NULL DEFAULT now(),
  deleted_at         timestamptz(3)
);
CREATE INDEX "IDX_product_variant_product_id" ON product_variant (product_id, variant_rank, created_at, id);
CREATE UNIQUE INDEX "IDX_product_variant_sku" ON product_variant (sku) WHERE deleted_at IS NULL AND sku IS NOT NULL;

CREATE TABLE price_list (
  id          text PRIMARY KEY,
  name        text NOT NULL,
  description text NOT NULL,
  type        text NOT NULL DEFAULT 'sale' CHECK (type IN ('sale', 'override')),
  status      text NOT NULL DEFAULT 'draft' CHECK (status IN ('active', 'draft')),
  starts_at   timestamptz(3),
  ends_at     timestamptz(3),
  created_at  timestamptz(3) NOT NULL DEFAULT now(),
  updated_at  timestamptz(3) NOT NULL DEFAULT now(),
  deleted_at  timestamptz(3)
);
CREATE INDEX "IDX_price_list_created_at_id" ON price_list (created_at DESC, id DESC);

CREATE TABLE price_list_customer_groups (
  price_list_id     text NOT NULL REFERENCES price_list (id) ON DELETE CASCADE,
  customer_group_id text NOT NULL REFERENCES customer_group (id) ON DELETE CASCADE,
  PRIMARY KEY (price_list_id, customer_group_id)
);
CREATE INDEX "IDX_plcg_customer_group_id" ON price_list_customer_groups (customer_group_id, price_list_id);

-- A price. v1 links prices to variants through a join table without a foreign key
-- (an unknown variant_id is accepted); Cohort keeps the variant id on the row, so the
-- candidate-price query is one index range per variant.
CREATE TABLE money_amount (
  id            text PRIMARY KEY,
  currency_code text NOT NULL REFERENCES currency (code),
  amount        integer NOT NULL,
  min_quantity  integer,
  max_quantity  integer,
  price_list_id text REFERENCES price_list (id) ON DELETE CASCADE,
  region_id     text REFERENCES region (id) ON DELETE CASCADE,
  variant_id    text NOT NULL,
  created_at    timestamptz(3) NOT NULL DEFAULT now(),
  updated_at    timestamptz(3) NOT NULL DEFAULT now(),
  deleted_at    timestamptz(3)
);
CREATE INDEX "IDX_money_amount_variant_id" ON money_amount (variant_id, price_list_id);
CREATE INDEX "IDX_money_amount_price_list_id" ON money_amount (price_list_id, variant_id);
CREATE INDEX "IDX_money_amount_region_id" ON money_amount (region_id);
`;
