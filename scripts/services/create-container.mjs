// Creates a blob container on Azurite (object_store does not create containers).
// Usage: node create-container.mjs <blob-endpoint> <container>
import { BlobServiceClient, StorageSharedKeyCredential } from "@azure/storage-blob";

const [endpoint, container] = process.argv.slice(2);
if (!endpoint || !container) {
  console.error("usage: node create-container.mjs <blob-endpoint> <container>");
  process.exit(2);
}
// Azurite's well-known development account (public, documented by Microsoft).
const credential = new StorageSharedKeyCredential(
  "devstoreaccount1",
  "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==",
);
const service = new BlobServiceClient(endpoint, credential);
await service.getContainerClient(container).createIfNotExists();
console.log(`container ${container} ready at ${endpoint}`);
