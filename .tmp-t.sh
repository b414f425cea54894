tmux kill-session -t t 2>/dev/null
tmux new -d -s t -x 120 -y 40 "C360_TIMING=1 node bin/c360-demo.js --data-dir /tmp/c360-tui --backend local 2>/tmp/timing.txt"
sleep 4; for k in Right Right Right Right; do tmux send-keys -t t $k; sleep 0.8; done; tmux send-keys -t t q; sleep 1; cat /tmp/timing.txt
