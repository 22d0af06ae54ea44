// The four federation benchmark subgraphs (accounts, inventory, products, reviews): SDL and
// resolvers over the static data of benchData.js.
const data = require('./benchData');

const LINK = 'extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key", "@external", "@requires", "@provides", "@shareable"])';

const SUBGRAPHS = {
  accounts: {
    typeDefs: `${LINK}
      type Query { me: User users: [User] user(id: ID!): User }
      type User @key(fields: "id") { id: ID! name: String username: String @shareable birthday: Int }`,
    resolvers: {
      Query: { me: () => data.USERS[0], users: () => data.USERS, user: (_, { id }) => data.userById(id) },
      User: { __resolveReference: ({ id }) => data.userById(id) },
    },
  },
  inventory: {
    typeDefs: `${LINK}
      type Product @key(fields: "upc") { upc: String! weight: Int @external price: Int @external inStock: Boolean shippingEstimate: Int @requires(fields: "price weight") }`,
    resolvers: {
      Product: {
        __resolveReference: (reference) => ({ ...reference, inStock: data.IN_STOCK[reference.upc] }),
        shippingEstimate: (product) => data.shippingEstimate(product),
      },
    },
  },
  products: {
    typeDefs: `${LINK}
      type Query { topProducts(first: Int = ${data.TOP_PRODUCTS}): [Product] }
      type Product @key(fields: "upc") { upc: String! name: String price: Int weight: Int }`,
    resolvers: {
      Query: { topProducts: (_, { first }) => data.PRODUCTS.slice(0, first) },
      Product: { __resolveReference: ({ upc }) => data.productByUpc(upc) },
    },
  },
  reviews: {
    typeDefs: `${LINK}
      type Review @key(fields: "id") { id: ID! body: String author: User @provides(fields: "username") product: Product }
      type User @key(fields: "id") { id: ID! username: String @external reviews: [Review] }
      type Product @key(fields: "upc") { upc: String! reviews: [Review] }`,
    resolvers: {
      Review: {
        __resolveReference: ({ id }) => data.REVIEWS.find((review) => review.id === id),
        // @provides(fields: "username"): the reviews subgraph knows its authors' usernames.
        author: (review) => ({ id: review.authorId, username: data.userById(review.authorId).username }),
        product: (review) => ({ upc: review.upc }),
      },
      User: { reviews: (user) => data.reviewsBy(user.id) },
      Product: { reviews: (product) => data.reviewsOf(product.upc) },
    },
  },
};

module.exports = { SUBGRAPHS, SUBGRAPH_NAMES: Object.keys(SUBGRAPHS) };
