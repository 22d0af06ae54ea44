// The static data of the four federation benchmark subgraphs, the deep benchmark query, and the
// answer every gateway must return for it, built here from the data alone (not from any gateway).
const USERS = [
  { id: '1', name: 'Ada Lovelace', username: '@ada', birthday: 1815 },
  { id: '2', name: 'Alan Turing', username: '@complete', birthday: 1912 },
  { id: '3', name: 'Grace Hopper', username: '@grace', birthday: 1906 },
];
const PRODUCTS = [
  { upc: '1', name: 'Table', price: 899, weight: 100 },
  { upc: '2', name: 'Couch', price: 1299, weight: 1000 },
  { upc: '3', name: 'Chair', price: 54, weight: 50 },
  { upc: '4', name: 'Lamp', price: 120, weight: 8 },
  { upc: '5', name: 'Shelf', price: 340, weight: 70 },
];
const IN_STOCK = { 1: true, 2: false, 3: true, 4: true, 5: false };
const REVIEWS = [
  { id: '1', authorId: '1', upc: '1', body: 'Love it!' },
  { id: '2', authorId: '1', upc: '2', body: 'Too expensive.' },
  { id: '3', authorId: '2', upc: '3', body: 'Could be better.' },
  { id: '4', authorId: '2', upc: '1', body: 'Prefer something else.' },
  { id: '5', authorId: '3', upc: '4', body: 'Bright enough.' },
];

const PRODUCT = 'inStock name price shippingEstimate upc weight';
const AUTHOR = `author { id username name reviews { id body product { ${PRODUCT} } } }`;
/** The federation benchmark's TestQuery: about six levels across the four subgraphs. */
const QUERY = `query TestQuery { users { id username name reviews { id body product { ${PRODUCT} reviews { id body ${AUTHOR} } } } } topProducts { ${PRODUCT} reviews { id body ${AUTHOR} } } }`;
const TOP_PRODUCTS = 5;

const userById = (id) => USERS.find((user) => user.id === id);
const productByUpc = (upc) => PRODUCTS.find((product) => product.upc === upc);
const reviewsBy = (authorId) => REVIEWS.filter((review) => review.authorId === authorId);
const reviewsOf = (upc) => REVIEWS.filter((review) => review.upc === upc);
const shippingEstimate = ({ price, weight }) => (price > 1000 ? 0 : Math.round(weight * 0.5));

/** The answer to QUERY as JSON text, fields in the query's order. */
function expectedAnswer() {
  const product = ({ upc }) => {
    const p = productByUpc(upc);
    return { inStock: IN_STOCK[upc], name: p.name, price: p.price, shippingEstimate: shippingEstimate(p), upc, weight: p.weight };
  };
  const author = (id) => {
    const u = userById(id);
    return { id, username: u.username, name: u.name, reviews: reviewsBy(id).map((r) => ({ id: r.id, body: r.body, product: product(r) })) };
  };
  const productWithReviews = (p) => ({ ...product(p), reviews: reviewsOf(p.upc).map((r) => ({ id: r.id, body: r.body, author: author(r.authorId) })) });
  const users = USERS.map((u) => ({
    id: u.id,
    username: u.username,
    name: u.name,
    reviews: reviewsBy(u.id).map((r) => ({ id: r.id, body: r.body, product: productWithReviews(r) })),
  }));
  const topProducts = PRODUCTS.slice(0, TOP_PRODUCTS).map(productWithReviews);
  return JSON.stringify({ data: { users, topProducts } });
}

module.exports = { USERS, PRODUCTS, IN_STOCK, REVIEWS, QUERY, TOP_PRODUCTS, userById, productByUpc, reviewsBy, reviewsOf, shippingEstimate, expectedAnswer };
