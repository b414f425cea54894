/**
 * The credit-card pack's customer segments: the seed's mix and the behaviour each segment shows in
 * its transactions. The generator, the validation checks and the docs all read this one table, so a
 * change here is a change everywhere.
 */
export const MERCHANT_CATEGORIES = [
  'Travel',
  'Dining',
  'Grocery',
  'Gas',
  'Retail',
  'Entertainment',
  'Utilities',
  'Healthcare',
  'Home Improvement',
  'Digital Services',
] as const;
export type MerchantCategory = (typeof MERCHANT_CATEGORIES)[number];

/**
 * What a customer who is leaving keeps on the card: before they stop, discretionary spend moves
 * to another card first, and what remains is drawn from these essentials (weights).
 */
export const ESSENTIAL_CATEGORY_WEIGHTS: Partial<Record<MerchantCategory, number>> = { Grocery: 45, Gas: 25, Utilities: 20, Healthcare: 10 };

export const CARD_TYPES = ['Standard', 'Gold', 'Platinum', 'Travel Rewards'] as const;
export const CHANNELS = ['Online', 'In-Store', 'Mobile'] as const;

export interface SegmentProfile {
  name: string;
  /** Share of customers, exactly as the seed gives it. */
  share: number;
  ageRange: [number, number];
  cardTypes: Partial<Record<(typeof CARD_TYPES)[number], number>>;
  creditLimitRange: [number, number];
  /** Approved-or-not transactions per active month at full activity. */
  monthlyTransactions: number;
  /** Median ticket in dollars and the log-normal spread around it. */
  medianAmount: number;
  amountSpread: number;
  categoryWeights: Record<MerchantCategory, number>;
  channelWeights: Record<(typeof CHANNELS)[number], number>;
  declineRate: number;
  /** Chance that a customer gets a credit-limit change inside the window (SCD2 history). */
  limitChangeChance: number;
}

export const SEGMENTS: SegmentProfile[] = [
  {
    name: 'High-Value Travelers',
    share: 0.15,
    ageRange: [30, 66],
    cardTypes: { 'Travel Rewards': 55, Platinum: 35, Gold: 10 },
    creditLimitRange: [15_000, 50_000],
    monthlyTransactions: 24,
    medianAmount: 120,
    amountSpread: 0.9,
    categoryWeights: {
      Travel: 30,
      Dining: 20,
      Retail: 12,
      Entertainment: 8,
      Grocery: 8,
      Gas: 6,
      'Digital Services': 6,
      Utilities: 4,
      Healthcare: 3,
      'Home Improvement': 3,
    },
    channelWeights: { Online: 40, 'In-Store': 40, Mobile: 20 },
    declineRate: 0.02,
    limitChangeChance: 0.25,
  },
  {
    name: 'Stable Mid-Spenders',
    share: 0.4,
    ageRange: [28, 70],
    cardTypes: { Gold: 50, Standard: 35, Platinum: 15 },
    creditLimitRange: [5_000, 15_000],
    monthlyTransactions: 16,
    medianAmount: 55,
    amountSpread: 0.85,
    categoryWeights: {
      Grocery: 22,
      Retail: 16,
      Dining: 14,
      Gas: 12,
      Utilities: 10,
      Entertainment: 7,
      'Digital Services': 7,
      Healthcare: 5,
      'Home Improvement': 5,
      Travel: 2,
    },
    channelWeights: { Online: 30, 'In-Store': 50, Mobile: 20 },
    declineRate: 0.03,
    limitChangeChance: 0.2,
  },
  {
    name: 'Budget-Conscious',
    share: 0.25,
    ageRange: [21, 75],
    cardTypes: { Standard: 80, Gold: 20 },
    creditLimitRange: [1_000, 5_000],
    monthlyTransactions: 12,
    medianAmount: 28,
    amountSpread: 0.7,
    categoryWeights: {
      Grocery: 30,
      Gas: 16,
      Utilities: 14,
      Retail: 12,
      Dining: 8,
      Healthcare: 7,
      'Digital Services': 6,
      Entertainment: 4,
      'Home Improvement': 2,
      Travel: 1,
    },
    channelWeights: { Online: 20, 'In-Store': 65, Mobile: 15 },
    declineRate: 0.045,
    limitChangeChance: 0.15,
  },
  {
    name: 'Declining',
    share: 0.1,
    ageRange: [25, 72],
    cardTypes: { Gold: 45, Standard: 40, Platinum: 15 },
    creditLimitRange: [3_000, 12_000],
    monthlyTransactions: 16,
    medianAmount: 60,
    amountSpread: 0.85,
    categoryWeights: {
      Grocery: 20,
      Retail: 16,
      Dining: 14,
      Gas: 12,
      Utilities: 10,
      Entertainment: 8,
      'Digital Services': 7,
      Healthcare: 6,
      'Home Improvement': 4,
      Travel: 3,
    },
    channelWeights: { Online: 30, 'In-Store': 50, Mobile: 20 },
    declineRate: 0.04,
    limitChangeChance: 0.3,
  },
  {
    name: 'New & Growing',
    share: 0.1,
    ageRange: [21, 36],
    cardTypes: { Standard: 50, Gold: 40, 'Travel Rewards': 10 },
    creditLimitRange: [2_000, 8_000],
    monthlyTransactions: 18,
    medianAmount: 45,
    amountSpread: 0.8,
    categoryWeights: {
      Retail: 18,
      Grocery: 18,
      Dining: 16,
      'Digital Services': 12,
      Entertainment: 10,
      Gas: 8,
      Travel: 6,
      Utilities: 6,
      Healthcare: 3,
      'Home Improvement': 3,
    },
    channelWeights: { Online: 35, 'In-Store': 25, Mobile: 40 },
    declineRate: 0.03,
    limitChangeChance: 0.6,
  },
];

/**
 * Merchants per category, most popular first (the generator picks with a skew towards the head
 * of each list, as real card portfolios do).
 */
export const MERCHANTS: Record<MerchantCategory, string[]> = {
  Travel: ['Delta Air Lines', 'United Airlines', 'Marriott', 'Hilton', 'American Airlines', 'Southwest Airlines', 'Expedia', 'Hyatt', 'Airbnb', 'Hertz'],
  Dining: [
    'Starbucks',
    "McDonald's",
    'Chipotle',
    'Olive Garden',
    'Panera Bread',
    'Chick-fil-A',
    "Domino's",
    'Texas Roadhouse',
    'Subway',
    'The Cheesecake Factory',
  ],
  Grocery: ['Kroger', 'Safeway', 'Whole Foods Market', "Trader Joe's", 'Publix', 'Albertsons', 'H-E-B', 'Aldi', 'Wegmans', 'Sprouts Farmers Market'],
  Gas: ['Shell', 'Chevron', 'ExxonMobil', 'BP', 'Speedway', 'Circle K', 'Marathon', 'Sunoco', 'Valero', 'Wawa'],
  Retail: ['Amazon', 'Target', 'Walmart', 'Costco', 'Best Buy', "Macy's", 'Nordstrom', 'TJ Maxx', "Kohl's", 'Apple Store'],
  Entertainment: ['AMC Theatres', 'Ticketmaster', 'Regal Cinemas', "Dave & Buster's", 'Live Nation', 'Topgolf', 'Six Flags', 'Bowlero', 'StubHub', 'Fandango'],
  Utilities: ['Comcast Xfinity', 'Verizon', 'AT&T', 'T-Mobile', 'Duke Energy', 'PG&E', 'Con Edison', 'Spectrum', 'Xcel Energy', 'Southern Company'],
  Healthcare: [
    'CVS Pharmacy',
    'Walgreens',
    'Rite Aid',
    'Quest Diagnostics',
    'LabCorp',
    'Kaiser Permanente',
    'MinuteClinic',
    'Aspen Dental',
    'LensCrafters',
    'GoodRx',
  ],
  'Home Improvement': [
    'The Home Depot',
    "Lowe's",
    'IKEA',
    'Wayfair',
    'Ace Hardware',
    'Menards',
    'Bed Bath & Beyond',
    'Sherwin-Williams',
    'Williams-Sonoma',
    'Crate & Barrel',
  ],
  'Digital Services': ['Netflix', 'Spotify', 'Apple Services', 'Google Play', 'Disney+', 'Microsoft 365', 'Adobe', 'Hulu', 'YouTube Premium', 'Dropbox'],
};
