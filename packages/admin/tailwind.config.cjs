/** Medusa's design tokens (the preset) over this app and @medusajs/ui's own classes. */
module.exports = {
  presets: [require("@medusajs/ui-preset")],
  content: ["./index.html", "./src/**/*.{ts,tsx}", require("node:path").join(require.resolve("@medusajs/ui"), "../../**/*.js")],
  darkMode: "class",
};
