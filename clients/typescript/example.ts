// A front end's checkout, typed from the store's OpenAPI schema (schema.d.ts is generated:
// see README). `tsc --noEmit` fails when the schema stops describing what this code reads.
import createClient from "openapi-fetch";
import type { components, paths } from "./schema";

type StoreError = components["schemas"]["Error"];

const store = createClient<paths>({ baseUrl: "http://127.0.0.1:8000", credentials: "include" });

export function describeError(error: StoreError): string {
  // `code` is stable (switch on it); `message` is already in the shopper's language.
  switch (error.code) {
    case "basket_empty":
      return "Keranjang masih kosong.";
    case "illegal_status_transition":
      return "Status pesanan sudah berubah.";
    case "terms_not_accepted":
      return "Centang persetujuan syarat dan ketentuan dulu.";
    default:
      return error.message;
  }
}

export async function placeBankTransferOrder(basketUrl: string): Promise<string> {
  const { data, error, response } = await store.POST("/api/checkout/", {
    body: {
      basket: basketUrl,
      accept_terms: true, // the shopper ticked "I accept the terms and conditions"
      payment_method: "bank-transfer",
      shipping_method_code: "jabodetabek-courier",
      shipping_address: {
        first_name: "Budi",
        last_name: "Santoso",
        line1: "Jl. Gatot Subroto 12",
        line4: "Jakarta Selatan",
        state: "DKI Jakarta",
        postcode: "12930",
        country: "http://127.0.0.1:8000/api/countries/ID/",
        phone_number: "+6281234567890",
      },
    },
  });
  if (error) {
    throw new Error(`${response.status} ${error.code}: ${describeError(error)}`);
  }
  return data.number;
}

export async function trackOrder(number: string, email: string): Promise<string> {
  const { data, error } = await store.POST("/api/orders/track/", { body: { number, email } });
  if (error) {
    return describeError(error);
  }
  return data.status.label;
}

// An operation's errors list their codes (`code` is an enum): this switch must cover every
// conflict the checkout documents, or `tsc` fails on the `never` below.
type CheckoutConflict =
  paths["/api/checkout/"]["post"]["responses"][409]["content"]["application/json"];

export function checkoutConflictAdvice(error: CheckoutConflict): string {
  switch (error.code) {
    case "insufficient_stock":
      return "Stok tidak cukup: ubah jumlah di keranjang.";
    case "basket_already_submitted":
      return "Pesanan untuk keranjang ini sudah dibuat.";
    case "basket_not_open":
      return "Keranjang ini tidak bisa dipakai lagi.";
    default: {
      const unknown: never = error.code;
      return unknown;
    }
  }
}
