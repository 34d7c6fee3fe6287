-- wrk script: POST a small markdown message into the room named by the ROOM_ID environment variable.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("TOKEN")
wrk.body = '{"roomId":"' .. os.getenv("ROOM_ID") .. '","markdown":"benchmark **message**"}'
