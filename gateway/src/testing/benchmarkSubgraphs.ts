import { parse, type DocumentNode } from 'graphql';

/** The federation benchmark's four subgraphs (accounts, inventory, products, reviews). */
const LINK = 'extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key", "@external", "@requires", "@provides", "@shareable"])';
export const BENCHMARK_SUBGRAPHS: { name: string; typeDefs: DocumentNode }[] = [
  { name: 'accounts', typeDefs: parse(`${LINK}
    type Query { me: User users: [User] user(id: ID!): User }
    type User @key(fields: "id") { id: ID! name: String username: String @shareable birthday: Int }`) },
  { name: 'inventory', typeDefs: parse(`${LINK}
    type Product @key(fields: "upc") { upc: String! weight: Int @external price: Int @external inStock: Boolean shippingEstimate: Int @requires(fields: "price weight") }`) },
  { name: 'products', typeDefs: parse(`${LINK}
    type Query { topProducts(first: Int = 5): [Product] }
    type Product @key(fields: "upc") { upc: String! name: String price: Int weight: Int }`) },
  { name: 'reviews', typeDefs: parse(`${LINK}
    type Review @key(fields: "id") { id: ID! body: String author: User @provides(fields: "username") product: Product }
    type User @key(fields: "id") { id: ID! username: String @external reviews: [Review] }
    type Product @key(fields: "upc") { upc: String! reviews: [Review] }`) },
];

const PRODUCT = 'inStock name price shippingEstimate upc weight';
const AUTHOR = `author { id username name reviews { id body product { ${PRODUCT} } } }`;
/** The benchmark's TestQuery: about six levels across four subgraphs. */
export const BENCHMARK_QUERY = `query TestQuery {
  users { id username name reviews { id body product { ${PRODUCT} reviews { id body ${AUTHOR} } } } }
  topProducts { ${PRODUCT} reviews { id body ${AUTHOR} } }
}`;
