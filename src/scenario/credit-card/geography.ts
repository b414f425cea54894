/**
 * US states weighted roughly by population, each with real cities, so every generated customer's
 * city lies in their state (faker's city() alone would not).
 */
export const STATES: Array<{ code: string; weight: number; cities: string[] }> = [
  { code: 'CA', weight: 39, cities: ['Los Angeles', 'San Diego', 'San Jose', 'San Francisco', 'Fresno', 'Sacramento', 'Oakland'] },
  { code: 'TX', weight: 30, cities: ['Houston', 'San Antonio', 'Dallas', 'Austin', 'Fort Worth', 'El Paso', 'Plano'] },
  { code: 'FL', weight: 22, cities: ['Jacksonville', 'Miami', 'Tampa', 'Orlando', 'St. Petersburg', 'Tallahassee'] },
  { code: 'NY', weight: 20, cities: ['New York', 'Buffalo', 'Rochester', 'Yonkers', 'Syracuse', 'Albany'] },
  { code: 'PA', weight: 13, cities: ['Philadelphia', 'Pittsburgh', 'Allentown', 'Erie', 'Reading'] },
  { code: 'IL', weight: 12.5, cities: ['Chicago', 'Aurora', 'Naperville', 'Joliet', 'Rockford', 'Springfield'] },
  { code: 'OH', weight: 11.8, cities: ['Columbus', 'Cleveland', 'Cincinnati', 'Toledo', 'Akron', 'Dayton'] },
  { code: 'GA', weight: 11, cities: ['Atlanta', 'Augusta', 'Columbus', 'Macon', 'Savannah', 'Athens'] },
  { code: 'NC', weight: 10.8, cities: ['Charlotte', 'Raleigh', 'Greensboro', 'Durham', 'Winston-Salem', 'Fayetteville'] },
  { code: 'MI', weight: 10, cities: ['Detroit', 'Grand Rapids', 'Warren', 'Sterling Heights', 'Ann Arbor', 'Lansing'] },
  { code: 'NJ', weight: 9.3, cities: ['Newark', 'Jersey City', 'Paterson', 'Elizabeth', 'Trenton'] },
  { code: 'VA', weight: 8.7, cities: ['Virginia Beach', 'Norfolk', 'Chesapeake', 'Richmond', 'Arlington', 'Alexandria'] },
  { code: 'WA', weight: 7.8, cities: ['Seattle', 'Spokane', 'Tacoma', 'Vancouver', 'Bellevue', 'Olympia'] },
  { code: 'AZ', weight: 7.4, cities: ['Phoenix', 'Tucson', 'Mesa', 'Chandler', 'Scottsdale', 'Tempe'] },
  { code: 'MA', weight: 7, cities: ['Boston', 'Worcester', 'Springfield', 'Cambridge', 'Lowell'] },
  { code: 'TN', weight: 7, cities: ['Nashville', 'Memphis', 'Knoxville', 'Chattanooga', 'Clarksville'] },
  { code: 'CO', weight: 5.9, cities: ['Denver', 'Colorado Springs', 'Aurora', 'Fort Collins', 'Boulder'] },
  { code: 'MN', weight: 5.7, cities: ['Minneapolis', 'Saint Paul', 'Rochester', 'Duluth', 'Bloomington'] },
  { code: 'OR', weight: 4.2, cities: ['Portland', 'Salem', 'Eugene', 'Bend', 'Medford'] },
  { code: 'NV', weight: 3.2, cities: ['Las Vegas', 'Henderson', 'Reno', 'North Las Vegas', 'Carson City'] },
  { code: 'UT', weight: 3.4, cities: ['Salt Lake City', 'West Valley City', 'Provo', 'Ogden', 'St. George'] },
];
