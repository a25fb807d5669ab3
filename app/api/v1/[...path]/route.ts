import { errorResponse } from "@/lib/api/responses";

// Any other /api/v1 path — JSON 404 rather than the dashboard's HTML page
const notFound = async () => errorResponse("not_found", "No such API endpoint.");
export { notFound as GET, notFound as POST, notFound as PATCH, notFound as PUT, notFound as DELETE };
